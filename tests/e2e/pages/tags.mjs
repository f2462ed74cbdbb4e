// Page object for the tags view (list, drawer, bulk changes, history), plus direct calls to the
// sandbox's Quay API to check what the state became.
import { SANDBOX, sandbox } from '../lib/harness.mjs';

export class TagsPage {
  constructor(page) { this.page = page; }
  rows() { return this.page.getByTestId('tag-row'); }
  row(name) { return this.page.locator(`[data-testid="tag-row"][data-tag="${name}"]`); }
  loadingRows() { return this.page.getByTestId('tag-row-loading'); }
  filter() { return this.page.getByRole('searchbox', { name: 'Filter tags by name' }); }
  regex() { return this.page.getByRole('checkbox', { name: 'Regular expression' }); }
  count() { return this.page.getByTestId('tag-count'); }
  list() { return this.page.getByTestId('tag-list'); }
  sortBy(slug) { return this.page.getByTestId(`sort-${slug}`); }
  select(name) { return this.row(name).getByRole('checkbox'); }
  selectedCount() { return this.page.getByTestId('selected-count'); }
  details() { return this.page.getByTestId('tag-details'); }
  toast(text) { return this.page.getByTestId('toast').filter({ hasText: text }); }
  /** Names of the rows in the DOM, in order. */
  async names() {
    return this.rows().evaluateAll((els) => els.map((e) => e.dataset.tag));
  }
  async open(name) { await this.row(name).getByTestId('tag-name').click(); await this.details().waitFor(); }
  async waitForRows() { await this.rows().first().waitFor({ timeout: 15000 }); }
}

export class HistoryPage {
  constructor(page) { this.page = page; }
  tags() { return this.page.getByTestId('history-tag'); }
  events() { return this.page.getByTestId('history-event'); }
  count() { return this.page.getByTestId('history-count'); }
  filter() { return this.page.getByTestId('history-filter'); }
}

/** A token for direct API calls (every scope). */
let cachedToken = null;
export async function apiToken() {
  cachedToken ??= (await sandbox.token({ username: 'devtable' })).access_token;
  return cachedToken;
}

/** Calls the sandbox's Quay API as devtable: `{ status, body }`. */
export async function quay(method, path, body) {
  const token = await apiToken();
  const res = await fetch(`${SANDBOX}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'x-requested-with': 'XMLHttpRequest',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  return { status: res.status, body: parsed };
}

/** The alive row of a tag (or undefined). */
export async function aliveTag(repo, name) {
  const { body } = await quay('GET', `/repository/${repo}/tag/?onlyActiveTags=true&specificTag=${encodeURIComponent(name)}`);
  return body.tags[0];
}

/** Tag list requests the sandbox saw (optionally only those whose query contains `contains`). */
export async function tagListRequests(contains = '') {
  const journal = await sandbox.requests();
  return journal.filter((r) => r.method === 'GET' && /\/tag\/$/.test(r.path) && (r.query || '').includes(contains));
}
