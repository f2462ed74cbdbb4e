// Page objects for the mirrors view: a repository's mirror page and the fleet health page.
import { SANDBOX, sandbox } from '../lib/harness.mjs';

export class MirrorPage {
  constructor(page) { this.page = page; }
  root() { return this.page.getByTestId('mirror-page'); }
  createSection() { return this.page.getByTestId('mirror-create'); }
  stateNotice() { return this.page.getByTestId('mirror-state-notice'); }
  form() { return this.page.getByTestId('mirror-form'); }
  reference() { return this.page.getByLabel('External repository'); }
  tagInput() { return this.page.getByRole('textbox', { name: 'New tag pattern' }); }
  tagChips() { return this.page.getByTestId('mirror-tags').locator('li'); }
  removeTag(tag) { return this.page.getByRole('button', { name: `Remove tag pattern ${tag}` }); }
  interval() { return this.page.getByLabel('Sync interval'); }
  intervalUnit() { return this.page.getByLabel('Interval unit'); }
  start() { return this.page.getByTestId('mirror-start'); }
  robot() { return this.page.getByLabel('Robot account'); }
  robotStatus() { return this.page.getByTestId('mirror-robot-status'); }
  username() { return this.page.getByLabel('Source registry username'); }
  password() { return this.page.getByLabel('Source registry password'); }
  timeout() { return this.page.getByLabel('Skopeo timeout (seconds)'); }
  verifyTls() { return this.page.getByLabel('Verify TLS (HTTPS with a valid certificate)'); }
  httpsProxy() { return this.page.getByLabel('HTTPS proxy'); }
  submit() { return this.page.getByTestId('mirror-submit'); }
  problems() { return this.page.getByTestId('mirror-form-problems'); }
  formError() { return this.page.getByTestId('mirror-form-error'); }
  fieldError(testid) { return this.page.locator(`#mirror-${testid}-error`); }

  statusPanel() { return this.page.getByTestId('mirror-status-panel'); }
  status() { return this.page.getByTestId('mirror-status'); }
  enabledBadge() { return this.page.getByTestId('mirror-enabled-badge'); }
  retries() { return this.page.getByTestId('mirror-retries'); }
  polling() { return this.page.getByTestId('mirror-polling'); }
  syncNow() { return this.page.getByRole('button', { name: 'Sync now' }); }
  cancelSync() { return this.page.getByTestId('mirror-cancel'); }
  disable() { return this.page.getByTestId('mirror-disable'); }
  enable() { return this.page.getByTestId('mirror-enable'); }
  stateWarning() { return this.page.getByTestId('mirror-state-warning'); }
  confirmOk() { return this.page.getByTestId('confirm-ok'); }
  confirmDialog() { return this.page.getByTestId('confirm-dialog'); }
  history() { return this.page.getByTestId('mirror-history'); }
  historyItems() { return this.page.getByTestId('mirror-history-item'); }
  toasts() { return this.page.getByTestId('toast'); }

  /** Waits until the status badge says `status` (Quay's name, e.g. SUCCESS). */
  async waitStatus(status, timeout = 15000) {
    await this.page.locator(`[data-testid="mirror-status"][data-status="${status}"]`).waitFor({ timeout });
  }

  /** Adds tag patterns through the tag box (Enter adds). */
  async addTags(text) {
    await this.tagInput().fill(text);
    await this.tagInput().press('Enter');
  }
}

export class HealthPage {
  constructor(page) { this.page = page; }
  root() { return this.page.getByTestId('mirror-health'); }
  verdict() { return this.page.getByTestId('mirror-health-verdict'); }
  count(name) { return this.page.getByTestId(`mirror-count-${name}`).locator('.mirror-count-value'); }
  countButton(name) { return this.page.getByTestId(`mirror-count-${name}`); }
  issues() { return this.page.getByTestId('mirror-health-issue'); }
  rows() { return this.page.getByTestId('mirror-health-row'); }
  row(repo) { return this.page.locator(`[data-testid="mirror-health-row"][data-repo="${repo}"]`); }
  search() { return this.page.getByTestId('mirror-health-search'); }
  shownCount() { return this.page.getByTestId('mirror-health-count'); }
  namespace() { return this.page.getByTestId('mirror-health-namespace'); }
  filter(name) { return this.page.getByTestId(`mirror-health-filter-${name}`); }
}

/** Quay's API as devtable (or `username`), outside the browser, to set up and check state. */
export async function api(method, path, body, { username = 'devtable' } = {}) {
  const minted = await sandbox.token({ username });
  const res = await fetch(`${SANDBOX}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${minted.access_token}`,
      'x-requested-with': 'XMLHttpRequest',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: res.status, body: json };
}

/** Whether the sandbox serves repository logs yet (the logs area implements them). */
export async function repoLogsServed() {
  const r = await api('GET', '/repository/devtable/mirrored/logs');
  return r.status === 200;
}
