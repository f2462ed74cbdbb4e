// Page objects for the applications area: an organization's OAuth applications and the user's
// app-specific tokens. Plus a tiny API client to read what the sandbox holds.
import { SANDBOX, CONSOLE, sandbox } from '../lib/harness.mjs';

export class ApplicationsPage {
  constructor(page) { this.page = page; }
  rows() { return this.page.getByTestId('app-row'); }
  row(name) { return this.rows().filter({ has: this.page.getByRole('link', { name, exact: true }) }); }
  filter() { return this.page.getByTestId('app-filter'); }
  createButton() { return this.page.getByTestId('app-create'); }
  createDialog() { return this.page.getByTestId('app-create-dialog'); }
  editDialog() { return this.page.getByTestId('app-edit-dialog'); }
  open(name) { return this.page.getByTestId('apps-table').getByRole('link', { name, exact: true }).click(); }
  title() { return this.page.getByTestId('app-title'); }
  secret() { return this.page.getByTestId('client-secret'); }
  clientId() { return this.page.getByTestId('client-id'); }
  /** The confirmation that is open (each action has its own, closed ones stay in the DOM). */
  confirmDialog() { return this.page.locator('dialog[data-testid="confirm-dialog"][open]'); }
  check(which) { return this.page.getByTestId(`check-${which}`); }
  generateButton() { return this.page.getByTestId('generate'); }
  scope(name) { return this.page.getByTestId(`scope-${name}`); }
  tokenOnce() { return this.page.getByTestId('token-once'); }
  issuedRows() { return this.page.getByTestId('issued-row'); }
  /** Fills the create/edit form that is open in `dialog`. */
  async fill(dialog, fields) {
    const ids = { name: 'app-name', description: 'app-description', applicationUri: 'app-application-uri',
      redirectUri: 'app-redirect-uri', avatarEmail: 'app-avatar-email' };
    for (const [key, value] of Object.entries(fields)) await dialog.getByTestId(ids[key]).fill(value);
  }
}

export class AppTokensPage {
  constructor(page) { this.page = page; }
  rows() { return this.page.getByTestId('apptoken-row'); }
  row(title) { return this.rows().filter({ hasText: title }); }
  expiringFilter() { return this.page.getByTestId('expiring-filter'); }
  createButton() { return this.page.getByTestId('apptoken-create'); }
  dialog() { return this.page.getByTestId('apptoken-create-dialog'); }
}

/** Calls Quay's API on the sandbox as `username` (a freshly minted token with every scope). */
export async function quay(path, { method = 'GET', body, username = 'devtable', token } = {}) {
  const bearer = token || (await sandbox.token({ username })).access_token;
  const res = await fetch(`${SANDBOX}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      'x-requested-with': 'XMLHttpRequest',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** The buynlarge application named `name`, as the sandbox holds it. */
export async function sandboxApp(name) {
  const { json } = await quay('/organization/buynlarge/applications');
  return json.applications.find((a) => a.name === name);
}

/** This console's root address, the redirect URI that brings tokens back to it. */
export const CONSOLE_ROOT = CONSOLE;
