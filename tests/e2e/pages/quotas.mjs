// Page object for the quotas view: a namespace's quota panel, its dialogs, the superuser table and
// the registry size page.
import { SANDBOX, sandbox } from '../lib/harness.mjs';

export class Quotas {
  constructor(page) { this.page = page; }
  panel() { return this.page.getByTestId('quota-panel'); }
  summary() { return this.page.getByTestId('quota-summary'); }
  limitText() { return this.page.getByTestId('quota-limit'); }
  usedText() { return this.page.getByTestId('quota-used'); }
  usage() { return this.page.getByTestId('quota-usage'); }
  level() { return this.page.getByTestId('quota-level'); }
  bar() { return this.summary().getByRole('meter'); }
  readOnly() { return this.page.getByTestId('quota-readonly'); }
  none() { return this.page.getByTestId('quota-none'); }
  createButton() { return this.page.getByRole('button', { name: 'Set a quota' }); }
  changeButton() { return this.page.getByRole('button', { name: 'Change quota' }); }
  deleteButton() { return this.page.getByRole('button', { name: 'Delete quota' }); }
  quotaDialog() { return this.page.getByTestId('quota-dialog'); }
  sizeInput() { return this.quotaDialog().getByLabel('Quota size'); }
  preview() { return this.page.getByTestId('quota-preview'); }
  sizeError() { return this.page.getByTestId('quota-error'); }
  confirmDialog() { return this.page.getByTestId('confirm-dialog'); }
  limitRows() { return this.page.getByTestId('limit-row'); }
  limitDialog() { return this.page.getByTestId('limit-dialog'); }
  limitError() { return this.page.getByTestId('limit-error'); }
  limitFormError() { return this.page.getByTestId('limit-form-error'); }
  repoRows() { return this.page.getByTestId('repo-size-row'); }
  repoFilter() { return this.page.getByTestId('repo-size-filter'); }
  toast(text) { return this.page.getByTestId('toast').filter({ hasText: text }); }

  async setSize(text) {
    await this.sizeInput().fill(text);
    await this.quotaDialog().getByRole('button', { name: 'Save' }).click();
  }

  async openAddLimit() {
    await this.page.getByRole('button', { name: 'Add limit' }).click();
    await this.limitDialog().getByLabel('Type').waitFor();
  }

  async fillLimit(type, percent) {
    await this.limitDialog().getByLabel('Type').selectOption(type);
    await this.limitDialog().getByLabel(/Threshold/).fill(String(percent));
    await this.limitDialog().getByRole('button', { name: 'Save' }).click();
  }

  limitRow(type, percent) {
    return this.limitRows().filter({ hasText: type }).filter({ hasText: `${percent}%` });
  }

  async confirm() {
    await this.confirmDialog().getByTestId('confirm-ok').click();
  }

  // Superuser table.
  suRows() { return this.page.getByTestId('su-row'); }
  suRow(name) { return this.page.locator(`[data-testid="su-row"][data-ns="${name}"]`); }
  suFilter() { return this.page.getByTestId('su-filter'); }
  suEditor() { return this.page.getByTestId('su-editor'); }

  // Registry size.
  registryBytes() { return this.page.getByTestId('registry-bytes'); }
  registryStatus() { return this.page.getByTestId('registry-status'); }
  registryLastRan() { return this.page.getByTestId('registry-last-ran'); }
}

/** Reads Quay's state straight from the sandbox, as `user` with every scope. */
export async function quayGet(path, user = 'devtable') {
  const { access_token } = await sandbox.token({ username: user });
  const res = await fetch(`${SANDBOX}/api/v1${path}`, {
    headers: { authorization: `Bearer ${access_token}`, 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return res.json();
}

/** Write requests the console sent (from the sandbox journal): `["POST /api/v1/... 201", ...]`. */
export async function writes() {
  const journal = await sandbox.requests();
  return journal.filter((r) => r.method !== 'GET' && r.method !== 'OPTIONS').map((r) => `${r.method} ${r.path} ${r.status}`);
}
