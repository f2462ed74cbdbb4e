// Page object for the robots view, and a small client to read the sandbox's state through Quay's API.
import { SANDBOX, sandbox } from '../lib/harness.mjs';

export class RobotsPage {
  constructor(page) { this.page = page; }
  /** Router-relative path of a namespace's robots (`null` = the signed-in user's). */
  static path(org, query = '') { return (org ? `/organization/${org}/robots` : '/user/robots') + query; }

  heading() { return this.page.getByRole('heading', { level: 1 }); }
  rows() { return this.page.getByTestId('robot-row'); }
  row(short) { return this.page.locator(`[data-testid="robot-row"][data-robot="${short}"]`); }
  rowNames() { return this.page.getByTestId('robot-link').allTextContents(); }
  count() { return this.page.getByTestId('robot-count'); }
  filter() { return this.page.getByRole('searchbox', { name: /filter by name/i }); }
  sortBy(key) { return this.page.getByTestId(`sort-${key}`); }
  list() { return this.page.getByTestId('robot-list'); }
  select(short) { return this.row(short).getByTestId('robot-select'); }
  bulkDelete() { return this.page.getByRole('button', { name: 'Delete selected' }); }
  async openRobot(short) { await this.row(short).getByRole('link').click(); await this.drawer().waitFor(); }

  // Create dialog
  createButton() { return this.page.getByRole('button', { name: 'Create robot account' }).first(); }
  createDialog() { return this.page.getByTestId('create-dialog'); }
  nameInput() { return this.createDialog().getByLabel('Name'); }
  descriptionInput() { return this.createDialog().getByLabel('Description'); }
  nameError() { return this.createDialog().getByTestId('name-error'); }
  createError() { return this.createDialog().getByTestId('create-error'); }
  /** The wizard's review step (step 4); its Create button is the only one that sends. */
  reviewStep() { return this.createDialog().getByTestId('review-step'); }
  /** Jumps to the review through the step list (refused while step 1 is invalid: it stays there). */
  async toReview() {
    if (await this.reviewStep().isVisible()) return;
    await this.createDialog().getByTestId('wiz-step-4').click();
    // The review, or step 1 saying what is wrong with the name.
    await this.reviewStep().or(this.nameError().filter({ hasText: /\S/ })).first().waitFor();
  }
  /** Back to step 1 (name, description, metadata) through the step list. */
  toFirstStep() { return this.createDialog().getByTestId('wiz-step-1').click(); }
  /** Goes to the review and presses Create there (nothing is sent before). */
  async submitCreate() {
    await this.toReview();
    if (await this.reviewStep().isVisible()) {
      await this.reviewStep().getByRole('button', { name: 'Create', exact: true }).click();
    }
  }
  // Wizard steps
  wizardStep(n) { return this.createDialog().getByTestId(`wiz-step-${n}`); }
  next() { return this.createDialog().getByTestId('wiz-next').click(); }
  skip() { return this.createDialog().getByTestId('wiz-skip').click(); }
  back() { return this.createDialog().getByTestId('wiz-back').click(); }
  repoRow(name) { return this.createDialog().locator(`[data-testid="repo-row"][data-repo="${name}"]`); }
  repoSearch() { return this.createDialog().getByTestId('repo-search'); }
  async pickRepo(name, role) {
    await this.repoSearch().fill(name);
    await this.repoRow(name).getByTestId('repo-role').selectOption(role);
  }
  outcome() { return this.createDialog().getByTestId('wizard-outcome'); }
  runPart(id) { return this.outcome().locator(`[data-testid="run-part"][data-part="${id}"]`); }
  wizardCredentials() { return this.createDialog().getByTestId('wizard-credentials'); }
  async addMetadata(key, value) {
    await this.createDialog().getByRole('button', { name: 'Add metadata' }).click();
    const row = this.createDialog().getByTestId('meta-row').last();
    await row.getByLabel('Key').fill(key);
    await row.getByLabel('Value').fill(value);
  }

  // Details drawer
  drawer() { return this.page.getByTestId('robot-drawer'); }
  drawerTitle() { return this.drawer().getByTestId('robot-title'); }
  tab(name) { return this.drawer().getByRole('tab', { name }); }
  tokenText() { return this.drawer().getByTestId('token-text'); }
  reveal() { return this.drawer().getByTestId('reveal-token'); }
  snippet(testid) { return this.drawer().getByTestId(testid); }
  gone() { return this.page.getByTestId('robot-gone'); }

  // Dialogs
  confirmDialog() { return this.page.locator('dialog[open][data-testid="confirm-dialog"]'); }
  confirmButton() { return this.confirmDialog().getByTestId('confirm-ok'); }

  toast() { return this.page.getByTestId('toast').last(); }
}

/** Reads (or changes) the sandbox through its API, as devtable with every scope. */
export class QuayApi {
  constructor(user = 'devtable') { this.user = user; this.token = null; }
  async call(method, path, body) {
    this.token ??= (await sandbox.token({ username: this.user })).access_token;
    const res = await fetch(`${SANDBOX}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        'x-requested-with': 'XMLHttpRequest',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    return { status: res.status, json };
  }
  get(path) { return this.call('GET', path); }
  /** The robot's JSON (with token), or `{status: 400}` when it does not exist. */
  robot(org, short) {
    return this.get(org ? `/organization/${org}/robots/${short}` : `/user/robots/${short}`);
  }
  async permissions(org, short) {
    const r = await this.get(org ? `/organization/${org}/robots/${short}/permissions` : `/user/robots/${short}/permissions`);
    return Object.fromEntries((r.json.permissions || []).map((p) => [p.repository.name, p.role]));
  }
  /** The organization's default permissions whose delegate is `name`, as `[role, ...]`. */
  async defaultRoles(org, name) {
    const r = await this.get(`/organization/${org}/prototypes`);
    return (r.json.prototypes || []).filter((p) => p.delegate.name === name).map((p) => p.role);
  }
  async federation(org, short) {
    return (await this.get(`/organization/${org}/robots/${short}/federation`)).json;
  }
}
