// The usage-log explorer: paging through Quay's next_page (to its empty last page) as the
// user scrolls, every filter in the URL, the chart legend, the refused range, and both exports.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { open, signInAs, sandbox, closeBrowser } from '../lib/harness.mjs';
import { LogsPage, fetchAllLogs, isoDay, mdy, parseCsv } from '../pages/logs.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset(); await sandbox.clearRequests(); });

/** The console's calls to `.../logs` (not aggregatelogs) as the sandbox saw them. */
async function logCalls(pathPart) {
  const journal = await sandbox.requests();
  return journal.filter((r) => r.path.endsWith('/logs') && r.path.includes(pathPart));
}

test('follows next_page past the short page to the empty end as the table scrolls', async (t) => {
  const { page, errors } = await open(t);
  const from = isoDay(-6);
  const to = isoDay(2); // two days ahead: Quay skips the empty part itself, the first page has entries
  const server = await fetchAllLogs('/organization/buynlarge', { from, to });
  assert.ok(server.entries.length > 60, `only ${server.entries.length} entries`);
  assert.ok(server.pages[0].size > 0, 'the first page has entries');
  const last = server.pages.at(-1);
  assert.ok(last.size === 0 && !last.next, 'the sandbox ends with an empty page without next_page, as Quay');
  assert.ok(server.pages.at(-2).next, 'the page before the empty end still carries next_page');
  await sandbox.clearRequests(); // the journal should hold the console's calls only

  await signInAs(page, { path: `/organization/buynlarge/logs?from=${from}&to=${to}` });
  const logs = new LogsPage(page);
  await logs.heading().filter({ hasText: 'Usage logs of buynlarge' }).waitFor();
  await logs.rows().first().waitFor();
  // Not everything is fetched up front: only what fills the view (plus a little).
  const early = await logs.status();
  assert.ok(early.loaded < server.entries.length, `loaded ${early.loaded} of ${server.entries.length} before scrolling`);

  const end = await logs.scrollToTheEnd();
  assert.equal(end.loaded, server.entries.length);
  assert.equal(end.shown, server.entries.length);
  // Only the visible rows are in the DOM.
  const inDom = await logs.rows().count();
  assert.ok(inDom > 5 && inDom < 50, `${inDom} rows in the DOM`);
  // The newest entry is first; the last row is the oldest once scrolled to the end.
  const lastSentence = await logs.rows().last().getByTestId('log-sentence').textContent();
  assert.ok(lastSentence.length > 0);

  // One request per page, each with Quay's dates, the token passed back URL-encoded.
  const calls = await logCalls('/organization/buynlarge');
  assert.equal(calls.length, server.pages.length);
  for (const c of calls) {
    const q = new URLSearchParams(c.query);
    assert.equal(q.get('starttime'), mdy(from));
    assert.equal(q.get('endtime'), mdy(to));
    assert.equal(c.status, 200);
  }
  assert.equal(calls.filter((c) => /next_page=gAAAAAB[0-9a-f]+%3D%3D/.test(c.query)).length, calls.length - 1);
  assert.deepEqual(errors, []);
});

test('the date range and performer go to Quay; a reversed or refused range shows on the filter', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/organization/buynlarge/logs' });
  const logs = new LogsPage(page);
  await logs.loaded();
  // Default: the last 7 days, today included.
  assert.match(await logs.windowText().textContent(), new RegExp(`7 days: ${isoDay(-6)} to ${isoDay(0)}`));
  let calls = await logCalls('/organization/buynlarge');
  assert.equal(new URLSearchParams(calls[0].query).get('starttime'), mdy(isoDay(-6)));

  await logs.from().fill(isoDay(-2));
  await page.waitForURL((u) => u.searchParams.get('from') === isoDay(-2) && u.searchParams.get('to') === isoDay(0));
  await logs.loaded();
  await page.waitForFunction(() => true);
  calls = await logCalls('/organization/buynlarge');
  assert.ok(calls.some((c) => new URLSearchParams(c.query).get('starttime') === mdy(isoDay(-2))));
  assert.match(await logs.windowText().textContent(), /3 days/);

  // Performer: sent as performer= after typing pauses; every row is by that user.
  await logs.performer().fill('devtable');
  await page.waitForURL((u) => u.searchParams.get('performer') === 'devtable');
  await logs.rows().first().waitFor();
  await page.waitForTimeout(300);
  calls = await logCalls('/organization/buynlarge');
  assert.ok(calls.some((c) => new URLSearchParams(c.query).get('performer') === 'devtable'));
  for (const text of await logs.rows().getByTestId('log-performer').allTextContents()) {
    assert.match(text, /^devtable/);
  }

  // An end before the start: said on the filter, the input kept, nothing sent.
  await sandbox.clearRequests();
  await logs.to().fill(isoDay(-4));
  await page.waitForURL((u) => u.searchParams.get('to') === isoDay(-4));
  await logs.rangeError().filter({ hasText: /before the start date/ }).waitFor();
  assert.equal(await logs.from().inputValue(), isoDay(-2));
  assert.equal(await logs.to().getAttribute('aria-invalid'), 'true');
  await page.waitForTimeout(300);
  assert.equal((await logCalls('/organization/buynlarge')).length, 0);

  // Quay refusing the range (400) is shown on the filter too, not as a broken table.
  await sandbox.faults({ fail_paths: [{ path_contains: '/organization/buynlarge/logs', status: 400, times: 1 }] });
  await logs.to().fill(isoDay(0));
  await logs.rangeError().filter({ hasText: /Quay refused/ }).waitFor();
  assert.equal(await page.getByTestId('error-view').count(), 0);
  // Back/forward restore the earlier filter.
  await page.goBack();
  await page.waitForURL((u) => u.searchParams.get('to') === isoDay(-4));
  await logs.rangeError().filter({ hasText: /before the start date/ }).waitFor();
});

test('kinds and free text filter the loaded entries; the legend toggles a kind; a row opens its drawer', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/organization/buynlarge/logs' });
  const logs = new LogsPage(page);
  await logs.rows().first().waitFor();
  await logs.legendItems().first().waitFor();

  // The legend's largest kind: clicking it filters the table (URL kinds=) and presses the entry.
  const kind = await logs.legendItems().first().getAttribute('data-kind');
  await logs.legendItem(kind).click();
  await page.waitForURL((u) => u.searchParams.get('kinds') === kind);
  assert.equal(await logs.legendItem(kind).getAttribute('aria-pressed'), 'true');
  await logs.rows().first().waitFor();
  assert.deepEqual([...new Set(await logs.rowKinds())], [kind]);
  await logs.legendItem(kind).click();
  await page.waitForURL((u) => !u.searchParams.has('kinds'));

  // Two kinds from the picker.
  await logs.kindPicker().locator('summary').click();
  await logs.kindPicker().locator('input[data-kind="create_robot"]').check();
  await page.waitForURL((u) => u.searchParams.get('kinds') === 'create_robot');
  await logs.kindPicker().locator('input[data-kind="delete_robot"]').check();
  await page.waitForURL((u) => u.searchParams.get('kinds') === 'create_robot,delete_robot');
  await logs.rows().first().waitFor();
  for (const k of await logs.rowKinds()) assert.ok(['create_robot', 'delete_robot'].includes(k), k);
  await page.getByTestId('logs-clear').click();
  await page.waitForURL((u) => u.search === '');

  // Free text: the console session's robot (seeded a few hours ago).
  await logs.search().fill('consolebot');
  await page.waitForURL((u) => u.searchParams.get('q') === 'consolebot');
  await logs.scrollToTheEnd();
  const sentences = await logs.rows().getByTestId('log-sentence').allTextContents();
  assert.deepEqual(sentences.sort(), [
    'Created robot account consolebot',
    'Deleted robot account consolebot',
    'Regenerated the token of robot consolebot',
  ]);
  await page.reload();
  await logs.search().waitFor();
  assert.equal(await logs.search().inputValue(), 'consolebot');

  // The drawer shows the raw metadata and the OAuth application the action came through.
  await logs.rows().filter({ hasText: 'Created robot account' }).click();
  await logs.drawer().waitFor();
  assert.equal(await page.getByTestId('log-drawer-kind').textContent(), 'create_robot');
  const raw = JSON.parse(await page.getByTestId('log-metadata').textContent());
  assert.equal(raw.robot, 'consolebot');
  assert.match(await logs.drawer().textContent(), /Quay Console/);
  await page.keyboard.press('Escape');
  await logs.drawer().waitFor({ state: 'detached' });
});

test('downloads the loaded, filtered entries as CSV and NDJSON after loading everything', async (t) => {
  const { page } = await open(t);
  const from = isoDay(-13);
  const to = isoDay(0);
  const kinds = ['create_robot', 'delete_robot', 'pull_repo'];
  const server = await fetchAllLogs('/organization/buynlarge', { from, to });
  const expected = server.entries.filter((e) => kinds.includes(e.kind));
  assert.ok(expected.length > 20);

  await signInAs(page, { path: `/organization/buynlarge/logs?from=${from}&to=${to}&kinds=${kinds.join(',')}` });
  const logs = new LogsPage(page);
  await logs.rows().first().waitFor();
  await page.getByTestId('logs-export-open').click();
  await logs.exportDialog().waitFor();
  await page.getByTestId('logs-load-all').click();
  await page.getByTestId('logs-all-loaded').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('logs-export-count').textContent(), new RegExp(`^${expected.length} entries`));

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  assert.match(csvDownload.suggestedFilename(), new RegExp(`^quay-logs-org-buynlarge-${from}-${to}\\.csv$`));
  const records = parseCsv(readFileSync(await csvDownload.path(), 'utf8'));
  assert.deepEqual(records[0], ['datetime', 'kind', 'description', 'performer', 'performer_kind', 'application', 'ip', 'namespace', 'repository', 'metadata']);
  const rows = records.slice(1);
  assert.equal(rows.length, expected.length);
  rows.forEach((r, i) => {
    assert.equal(r.length, 10);
    assert.equal(r[1], expected[i].kind);
    assert.equal(r[3], expected[i].performer?.name ?? '');
    assert.equal(r[6], expected[i].ip ?? '');
    assert.deepEqual(JSON.parse(r[9]), expected[i].metadata);
    assert.match(r[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
  assert.ok(rows.some((r) => r[4] === 'robot' || r[4] === 'user' || r[4] === 'application'));

  const [ndDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-ndjson').click()]);
  assert.match(ndDownload.suggestedFilename(), /\.ndjson$/);
  const lines = readFileSync(await ndDownload.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines, expected);
});

test('asks Quay for a server export by e-mail or URL and shows the export id', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/organization/buynlarge/logs' });
  const logs = new LogsPage(page);
  await logs.loaded();
  await page.getByTestId('logs-export-open').click();
  await logs.exportDialog().waitFor();
  const callback = page.getByTestId('export-callback');

  // Quay's rule (an @) is checked before sending; the input is kept.
  await callback.fill('admin.example.com');
  await page.getByTestId('export-submit').click();
  await page.getByTestId('export-problem').filter({ hasText: /e-mail address/ }).waitFor();
  assert.equal(await callback.inputValue(), 'admin.example.com');
  assert.equal((await sandbox.requests()).filter((r) => r.method === 'POST').length, 0);

  await callback.fill('admin@example.com');
  await page.getByTestId('export-submit').click();
  await page.getByTestId('export-result').waitFor();
  await page.getByTestId('export-id').filter({ hasText: /\S/ }).waitFor();
  const id = (await page.getByTestId('export-id').textContent()).trim();
  assert.match(id, /^[0-9a-f-]{36}$/);
  // The sandbox queued it and logged it, with the console's dates.
  const post = (await sandbox.requests()).find((r) => r.method === 'POST' && r.path.endsWith('/exportlogs'));
  assert.equal(new URLSearchParams(post.query).get('starttime'), mdy(isoDay(-6)));
  const { entries } = await fetchAllLogs('/organization/buynlarge', { from: isoDay(0), to: isoDay(0) });
  const logged = entries.find((e) => e.kind === 'export_logs_success' && e.metadata.export_id === id);
  assert.ok(logged, 'export_logs_success recorded');
  assert.equal(logged.metadata.email, 'admin@example.com');

  // A callback URL instead.
  await page.getByTestId('export-target-url').check();
  await callback.fill('ftp://hooks.example.com');
  await page.getByTestId('export-submit').click();
  await page.getByTestId('export-problem').filter({ hasText: /http:\/\/ or https:\/\// }).waitFor();
  await callback.fill('https://hooks.example.com/quay');
  await page.getByTestId('export-submit').click();
  await page.getByTestId('export-id').filter({ hasNotText: id }).waitFor();
  const after = await fetchAllLogs('/organization/buynlarge', { from: isoDay(0), to: isoDay(0) });
  assert.ok(after.entries.some((e) => e.kind === 'export_logs_success' && e.metadata.url === 'https://hooks.example.com/quay'));
});

test('repository and registry scopes: their own endpoints, local performer filter, the namespace column', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/repository/devtable/simple/logs' });
  const logs = new LogsPage(page);
  await logs.heading().filter({ hasText: 'devtable/simple' }).waitFor();
  await logs.loaded();
  assert.ok((await logCalls('/repository/devtable/simple')).length >= 1);
  // No performer= for repositories (Quay has none): the console filters loaded entries itself.
  await logs.performer().fill('devtable');
  await page.waitForURL((u) => u.searchParams.get('performer') === 'devtable');
  await page.waitForTimeout(300);
  for (const c of await logCalls('/repository/devtable/simple')) {
    assert.equal(new URLSearchParams(c.query).get('performer'), null);
  }
  for (const text of await logs.rows().getByTestId('log-performer').allTextContents()) {
    assert.match(text, /^devtable/);
  }

  await page.goto(page.url().replace(/\/repository\/.*$/, '/superuser/logs'));
  await logs.heading().filter({ hasText: 'Registry usage logs' }).waitFor();
  await page.getByRole('columnheader', { name: 'Namespace' }).waitFor();
  await logs.rows().first().waitFor();
  // The mirror worker's entries have no performer and say so.
  await logs.search().fill('mirror sync of devtable/mirrored');
  await logs.rows().first().waitFor();
  assert.match(await logs.rows().first().getByTestId('log-performer').textContent(), /no performer/);
});
