// Page object for the usage-log explorer, plus helpers that read Quay's API directly (as the
// sandbox answers it) so specs can compare what the console shows with what the server holds.
import { SANDBOX, sandbox } from '../lib/harness.mjs';

/** `YYYY-MM-DD` of today (UTC) plus `days`. */
export function isoDay(days = 0) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** `MM/DD/YYYY` of a `YYYY-MM-DD` day, as Quay takes it. */
export function mdy(iso) {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
}

/** Walks `GET /api/v1{path}/logs` to the end; returns the entries and each page's (size, has next). */
export async function fetchAllLogs(path, { from, to, performer } = {}) {
  const { access_token: token } = await sandbox.token({ username: 'devtable' });
  const base = new URL(`${SANDBOX}/api/v1${path}/logs`);
  base.searchParams.set('starttime', mdy(from));
  base.searchParams.set('endtime', mdy(to));
  if (performer) base.searchParams.set('performer', performer);
  const entries = [];
  const pages = [];
  let next = null;
  for (let i = 0; i < 3000; i++) {
    const url = new URL(base);
    if (next) url.searchParams.set('next_page', next);
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'x-requested-with': 'XMLHttpRequest' } });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    const page = await res.json();
    entries.push(...page.logs);
    pages.push({ size: page.logs.length, next: Boolean(page.next_page) });
    next = page.next_page;
    if (!next) return { entries, pages };
  }
  throw new Error('paging never ended');
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { /* CRLF: the \n ends the record */ }
    else if (c === '\n') { record.push(field); records.push(record); record = []; field = ''; }
    else field += c;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  return records;
}

export class LogsPage {
  constructor(page) { this.page = page; }
  heading() { return this.page.getByRole('heading', { level: 1 }); }
  rows() { return this.page.getByTestId('log-row'); }
  list() { return this.page.getByTestId('logs-rows'); }
  count() { return this.page.getByTestId('logs-count'); }
  from() { return this.page.getByLabel('From (UTC)'); }
  to() { return this.page.getByLabel('To (UTC, included)'); }
  performer() { return this.page.getByTestId('logs-performer'); }
  search() { return this.page.getByTestId('logs-search'); }
  rangeError() { return this.page.getByTestId('logs-range-error'); }
  windowText() { return this.page.getByTestId('logs-window'); }
  legendItem(kind) { return this.page.getByTestId('legend-item').and(this.page.locator(`[data-kind="${kind}"]`)); }
  legendItems() { return this.page.getByTestId('legend-item'); }
  kindPicker() { return this.page.getByTestId('logs-kinds'); }
  drawer() { return this.page.getByTestId('log-drawer'); }
  exportDialog() { return this.page.getByTestId('logs-export'); }

  /** Waits until the first page has arrived (some row, or the empty state). */
  async loaded() {
    await this.count().filter({ hasText: /shown of \d+ loaded/ }).waitFor();
    await this.page.getByTestId('logs-table').waitFor();
  }

  /** `{shown, loaded, all}` from the status line under the table. */
  async status() {
    const text = await this.count().textContent();
    const m = text.match(/(\d+) shown of (\d+) loaded/);
    return { shown: Number(m?.[1] ?? -1), loaded: Number(m?.[2] ?? -1), all: /All entries loaded/.test(text) };
  }

  /** Scrolls the table to its end until the console has followed next_page to the last page. */
  async scrollToTheEnd({ max = 400 } = {}) {
    for (let i = 0; i < max; i++) {
      const s = await this.status();
      if (s.all) return s;
      await this.list().evaluate((el) => { el.scrollTop = el.scrollHeight; });
      await this.page.waitForTimeout(60);
    }
    throw new Error(`still not at the end: ${JSON.stringify(await this.status())}`);
  }

  /** The `data-kind` of every row in the DOM. */
  async rowKinds() {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  }

  /** The router-relative URL (without /console). */
  route() {
    const url = new URL(this.page.url());
    return url.pathname.replace(/^\/console/, '') + url.search;
  }

  query() { return new URL(this.page.url()).searchParams; }
}
