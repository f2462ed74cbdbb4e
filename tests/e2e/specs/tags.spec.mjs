// The tags view against the sandbox: a 10,000-tag repository (first screen, scroll to the end,
// filter, bulk delete with an injected failure), single-tag changes, the drawer, labels, the time
// machine, and errors. The runner starts the sandbox with `--tags 10000`.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, settle, SANDBOX } from '../lib/harness.mjs';
import { TagsPage, HistoryPage, quay, aliveTag, tagListRequests } from '../pages/tags.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset(); await sandbox.clearRequests(); });

const BIG = 'buynlarge/big';
const SIMPLE = 'devtable/simple';
const NEWTAG = 'sha256:2055a332b8f0c885a59e47d60dd3df5f90615addb199c6ee1718da50cff7fd88';
const PROD = 'sha256:1b4d13006ac912fe8846ae88a76f7b0fc1b6716ea6eab84f43bfd2f7eb6fcc49';

test('10,000 tags: first rows after one request, few DOM rows, the end found without walking every page', async (t) => {
  const { page, errors } = await open(t);
  const tagRequests = [];
  page.on('request', (r) => { if (/\/api\/v1\/repository\/[^/]+\/[^/]+\/tag\//.test(r.url())) tagRequests.push(r.url()); });
  await signInAs(page, { path: `/repository/${BIG}/tags` });
  const tags = new TagsPage(page);
  await tags.waitForRows();
  assert.equal(await tags.rows().first().getAttribute('data-tag'), 'v0.0.0', 'newest first, as Quay orders');
  await settle(page, 200);
  assert.equal(tagRequests.length, 1, `first screen: ${tagRequests.join(', ')}`);
  assert.match(tagRequests[0], /limit=100/);
  assert.match(tagRequests[0], /onlyActiveTags=true/);
  assert.match(await tags.count().textContent(), /^\d+\+ tags/);
  const domRows = await page.locator('[data-testid="tag-list"] [role="row"]').count();
  assert.ok(domRows > 10 && domRows <= 100, `${domRows} rows in the DOM`);

  // Drag the scrollbar far down: the rows there load (a handful of requests), the list stays windowed.
  await tags.list().evaluate((el) => { el.scrollTop = el.scrollHeight * 0.7; el.dispatchEvent(new Event('scroll')); });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tag-list"] [data-testid="tag-row"]').length > 5
    && document.querySelectorAll('[data-testid="tag-list"] [data-testid="tag-row-loading"]').length === 0, null, { timeout: 10000 });
  assert.ok(await page.locator('[data-testid="tag-list"] [role="row"]').count() <= 100);

  // Jump to the end: the last tag (the oldest) shows, and the count becomes exact.
  await page.getByRole('button', { name: 'Jump to the end' }).click();
  await tags.count().filter({ hasText: /^10000 tags$/ }).waitFor({ timeout: 15000 });
  const last = page.locator('[data-testid="tag-row"][data-tag$="-9999"]');
  await last.waitFor({ timeout: 10000 });
  assert.ok(await last.isVisible());
  const sent = await tagListRequests('onlyActiveTags=true');
  assert.ok(sent.length < 40, `${sent.length} page requests to reach the end of 100 pages`);
  assert.ok(await page.locator('[data-testid="tag-list"] [role="row"]').count() <= 100);

  // The tab remembers where the list ended: after a reload, the jump asks for that page and the
  // next, together, and nothing else.
  await page.reload();
  await tags.waitForRows();
  await settle(page, 200);
  tagRequests.length = 0;
  await page.getByRole('button', { name: 'Jump to the end' }).click();
  await last.waitFor({ timeout: 10000 });
  await tags.count().filter({ hasText: /^10000 tags$/ }).waitFor();
  await settle(page, 300);
  const pagesAsked = tagRequests.map((u) => new URL(u).searchParams.get('page')).sort();
  assert.deepEqual(pagesAsked, ['100', '101'], `after the click: ${tagRequests.join(', ')}`);
  // The end known, a jump again and a drag back to the middle: the rows there load.
  await page.getByRole('button', { name: 'Jump to the end' }).click();
  await page.waitForTimeout(300);
  await tags.list().evaluate((el) => { el.scrollTop = el.scrollHeight / 2; el.dispatchEvent(new Event('scroll')); });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tag-list"] [data-testid="tag-row-loading"]').length === 0
    && document.querySelectorAll('[data-testid="tag-list"] [data-testid="tag-row"]').length > 5, null, { timeout: 10000 });
  assert.deepEqual(errors, []);
});

test('typing a name finds it among 10,000 with one filtered request; the filter lives in the URL', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${BIG}/tags` });
  const tags = new TagsPage(page);
  await tags.waitForRows();
  await sandbox.clearRequests();
  await tags.filter().fill('build-09991');
  await tags.row('build-09991').waitFor({ timeout: 3000 });
  await page.waitForURL(/filter=build-09991/);
  await settle(page, 300);
  const filtered = await tagListRequests('filter_tag_name=like');
  assert.equal(filtered.length, 1, JSON.stringify(filtered));
  assert.match(filtered[0].query, /like%3Abuild-09991|like:build-09991/);
  assert.deepEqual(await tags.names(), ['build-09991']);
  assert.equal(await tags.count().textContent(), '1 tag');
  // Deep link: reload keeps the filter and the result.
  await page.reload();
  await tags.row('build-09991').waitFor();
  assert.equal(await tags.filter().inputValue(), 'build-09991');
  // No match: an empty state, not an error.
  await tags.filter().fill('no-such-tag-anywhere');
  await page.getByTestId('empty-state').filter({ hasText: 'No tag matches' }).waitFor();
});

test('regex on the loaded tags, with an inline error for a bad pattern; sorting says when rows are missing', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: `/repository/${BIG}/tags` });
  const tags = new TagsPage(page);
  await tags.waitForRows();
  await tags.regex().check();
  await page.waitForURL(/regex=1/);
  await tags.filter().fill('^v0\\.0\\.[0-9]+$');
  await tags.count().filter({ hasText: /of the 100 loaded tags match/ }).waitFor();
  const names = await tags.names();
  assert.ok(names.length > 0 && names.every((n) => /^v0\.0\.\d+$/.test(n)), names.join());
  await page.getByTestId('partial-notice').waitFor();
  await tags.filter().fill('build-(');
  await page.getByTestId('regex-error').waitFor();
  assert.match(await page.getByTestId('regex-error').textContent(), /Not a valid regular expression/);
  assert.equal(await tags.filter().getAttribute('aria-invalid'), 'true');
  assert.deepEqual(errors, [], 'no panic on a bad pattern');

  // Sort a small repository completely, and a big one partially (with the offer to load all).
  await page.goto(page.url().replace(/\/repository\/.*$/, `/repository/${SIMPLE}/tags?sort=name`));
  await tags.waitForRows();
  await settle(page);
  const sorted = await tags.names();
  assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
  assert.equal(await page.getByTestId('partial-notice').count(), 0, 'all of simple is loaded');
  await tags.sortBy('name').click();
  await page.waitForURL(/sort=-name/);
  assert.equal((await tags.names())[0], [...sorted].reverse()[0]);
  assert.equal(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort'), 'descending');
});

test('bulk delete: confirm by typing the repository name, progress, one injected failure stays selected and retries', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${BIG}/tags` });
  const tags = new TagsPage(page);
  await tags.waitForRows();
  const names = (await tags.names()).slice(0, 12);
  for (const n of names) await tags.select(n).check();
  await tags.selectedCount().filter({ hasText: '12 selected' }).waitFor();
  const failing = names[2];
  // Each call takes 150 ms, so the requests in flight can be watched.
  await sandbox.faults({ latency_ms: 150, fail_paths: [{ method: 'DELETE', path_contains: `/tag/${encodeURIComponent(failing)}`, status: 500, times: 1 }] });
  await page.getByTestId('bulk-delete').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByText('Delete 12 tags from buynlarge/big?').waitFor();
  assert.equal(await confirm.getByTestId('confirm-ok').isDisabled(), true, 'needs the repository name');
  await confirm.getByTestId('confirm-typed').fill('big');
  await confirm.getByTestId('confirm-ok').click();
  const run = page.getByTestId('bulk-run');
  let most = 0;
  for (let i = 0; i < 20; i++) {
    const pending = (await sandbox.requests()).filter((r) => r.method === 'DELETE' && r.status === null).length;
    most = Math.max(most, pending);
    await page.waitForTimeout(40);
  }
  assert.ok(most >= 2 && most <= 4, `at most four deletes at a time (saw ${most})`);
  await run.getByTestId('bulk-status').filter({ hasText: '12 of 12 done, 1 failed' }).waitFor({ timeout: 10000 });
  assert.equal(await run.getByTestId('bulk-progress').getAttribute('aria-valuenow'), '12');
  await run.getByTestId('bulk-failed').filter({ hasText: failing }).waitFor();
  assert.equal(await run.getByTestId('bulk-ok').count(), 11);
  await tags.selectedCount().filter({ hasText: '1 selected' }).waitFor();
  // The sandbox state: eleven gone, the failed one still there.
  for (const n of names) {
    const alive = await aliveTag(BIG, n);
    assert.equal(Boolean(alive), n === failing, n);
  }
  const deletes = (await sandbox.requests()).filter((r) => r.method === 'DELETE');
  assert.equal(deletes.length, 12);
  await sandbox.clearFaults();
  await run.getByTestId('bulk-retry').click();
  await run.getByTestId('bulk-status').filter({ hasText: '1 of 1 done, 0 failed' }).waitFor();
  await run.getByTestId('bulk-close').click();
  await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
  assert.equal(await aliveTag(BIG, failing), undefined);
  for (const n of names) assert.equal(await tags.row(n).count(), 0, `${n} left the list`);
  // Deleted tags are in the history.
  const { body } = await quay('GET', `/repository/${BIG}/tag/?onlyActiveTags=false&specificTag=${encodeURIComponent(failing)}`);
  assert.ok(body.tags[0].end_ts);
});

test('expiration on a selection: one request per tag, then the tags show it; clearing it again', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags` });
  const tags = new TagsPage(page);
  await tags.waitForRows();
  for (const n of ['v1.1', 'v1.2', 'v1.3']) await tags.select(n).check();
  await page.getByTestId('bulk-expire').click();
  const form = page.getByTestId('expiration-form').filter({ hasText: 'Expiration of 3 tags' });
  await form.getByTestId('expiration-submit').click();
  const run = page.getByTestId('bulk-run');
  await run.getByTestId('bulk-status').filter({ hasText: '3 of 3 done, 0 failed' }).waitFor();
  await run.getByTestId('bulk-close').click();
  for (const n of ['v1.1', 'v1.2', 'v1.3']) {
    const tag = await aliveTag(SIMPLE, n);
    assert.ok(tag.end_ts > Date.now() / 1000 + 6 * 86400, `${n} expires in about a week: ${tag.end_ts}`);
    await tags.row(n).locator('.badge').waitFor();
  }
  assert.equal((await aliveTag(SIMPLE, 'v1.4')).end_ts, undefined, 'not selected, not changed');
  await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
  await tags.select('v1.2').check();
  await page.getByTestId('bulk-expire').click();
  await page.getByTestId('expiration-never').check();
  await page.getByTestId('expiration-submit').click();
  await run.getByTestId('bulk-status').filter({ hasText: '1 of 1 done, 0 failed' }).waitFor();
  assert.equal((await aliveTag(SIMPLE, 'v1.2')).end_ts, undefined);
});

test('add a tag (checked with Quay\'s rule), move it, set and clear its expiration, delete it', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags` });
  const tags = new TagsPage(page);
  await tags.waitForRows();
  await page.getByTestId('add-tag').click();
  const form = page.getByTestId('tag-form').first();
  await form.getByTestId('tag-form-name').fill('-bad name');
  await form.getByTestId('tag-form-digest').fill(NEWTAG);
  await sandbox.clearRequests();
  await form.getByTestId('tag-form-submit').click();
  await form.getByTestId('tag-form-name-error').filter({ hasText: 'cannot start with "-"' }).waitFor();
  assert.equal((await sandbox.requests()).filter((r) => r.method === 'PUT').length, 0, 'nothing sent');
  await form.getByTestId('tag-form-name').fill('e2e-tag');
  await form.getByTestId('tag-form-digest').fill(`sha256:${'0'.repeat(64)}`);
  await form.getByTestId('tag-form-submit').click();
  await form.getByTestId('tag-form-error').filter({ hasText: 'no manifest with that digest' }).waitFor();
  assert.equal(await form.getByTestId('tag-form-name').inputValue(), 'e2e-tag', 'input kept');
  await form.getByTestId('tag-form-digest').fill(NEWTAG);
  await form.getByTestId('tag-form-submit').click();
  await tags.toast('Tag e2e-tag now points').waitFor();
  assert.equal((await aliveTag(SIMPLE, 'e2e-tag')).manifest_digest, NEWTAG);
  await tags.row('e2e-tag').waitFor();

  // Details by deep link; move to prod's manifest.
  await tags.open('e2e-tag');
  await page.waitForURL(/tag=e2e-tag/);
  const details = tags.details();
  await details.getByTestId('tag-digest').filter({ hasText: NEWTAG }).waitFor();
  await details.getByTestId('tag-move').click();
  const move = page.getByTestId('tag-form').filter({ hasText: 'Move e2e-tag' });
  await move.getByTestId('tag-form-digest').fill(PROD);
  await move.getByTestId('tag-form-submit').click();
  await tags.toast('Tag e2e-tag was moved').waitFor();
  assert.equal((await aliveTag(SIMPLE, 'e2e-tag')).manifest_digest, PROD);
  await details.getByTestId('tag-digest').filter({ hasText: PROD }).waitFor();

  // Expiration: set (in the future), then clear.
  await details.getByTestId('tag-expire').click();
  const exp = page.getByTestId('expiration-form').filter({ hasText: 'Expiration of e2e-tag' });
  await exp.getByTestId('expiration-value').fill('2001-01-01T10:00');
  await exp.getByTestId('expiration-submit').click();
  await exp.getByTestId('expiration-error').filter({ hasText: 'future' }).waitFor();
  const inTenDays = new Date(Date.now() + 10 * 86400e3);
  const local = new Date(inTenDays.getTime() - inTenDays.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
  await exp.getByTestId('expiration-value').fill(local);
  await exp.getByTestId('expiration-submit').click();
  await tags.toast('Expiration of e2e-tag set').waitFor();
  const expiring = await aliveTag(SIMPLE, 'e2e-tag');
  assert.ok(Math.abs(expiring.end_ts - Math.floor(inTenDays.getTime() / 1000)) < 120, JSON.stringify(expiring));
  await details.getByTestId('tag-expiration').filter({ hasText: 'Expires' }).waitFor();
  await details.getByTestId('tag-expire').click();
  await exp.getByTestId('expiration-never').check();
  await exp.getByTestId('expiration-submit').click();
  await tags.toast('e2e-tag no longer expires').waitFor();
  assert.equal((await aliveTag(SIMPLE, 'e2e-tag')).end_ts, undefined);

  // Delete after confirmation; the drawer closes, the row goes.
  await details.getByTestId('tag-delete').click();
  await page.getByTestId('confirm-dialog').getByText('Delete the tag e2e-tag from devtable/simple?').waitFor();
  await page.getByTestId('confirm-ok').click();
  await tags.toast('Tag e2e-tag deleted').waitFor();
  await details.waitFor({ state: 'detached' });
  assert.equal(await aliveTag(SIMPLE, 'e2e-tag'), undefined);
  await tags.row('e2e-tag').waitFor({ state: 'detached' });
});

test('a deep-linked tag shows pull commands, layers and labels; labels are checked, added and deleted', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags?tag=latest` });
  const tags = new TagsPage(page);
  const details = tags.details();
  await details.waitFor();
  const host = new URL(SANDBOX).host;
  const commands = await details.getByTestId('pull-command').allTextContents();
  assert.ok(commands.some((c) => c.includes(`podman pull ${host}/devtable/simple:latest`)), commands.join('\n'));
  assert.ok(commands.some((c) => c.includes(`docker pull ${host}/devtable/simple@sha256:147e9531`)));
  assert.ok(await details.getByTestId('layer').count() >= 2);
  await details.getByTestId('label-key').fill('com.docker.owner');
  await details.getByTestId('label-add').click();
  await details.getByTestId('label-key-error').filter({ hasText: 'reserved' }).waitFor();
  await details.getByTestId('label-key').fill('com.example.config');
  await details.getByTestId('label-media').selectOption('application/json');
  await details.getByTestId('label-value').fill('{not json');
  await details.getByTestId('label-add').click();
  await details.getByTestId('label-error').filter({ hasText: 'JSON' }).waitFor();
  await details.getByTestId('label-media').selectOption('text/plain');
  await details.getByTestId('label-key').fill('com.example.team');
  await details.getByTestId('label-value').fill('platform');
  await details.getByTestId('label-add').click();
  await details.getByTestId('label-row').filter({ hasText: 'com.example.team' }).waitFor();
  const digest = (await aliveTag(SIMPLE, 'latest')).manifest_digest;
  let labels = (await quay('GET', `/repository/${SIMPLE}/manifest/${digest}/labels`)).body.labels;
  assert.ok(labels.some((l) => l.key === 'com.example.team' && l.value === 'platform' && l.source_type === 'api'));
  await details.getByTestId('label-row').filter({ hasText: 'com.example.team' }).getByTestId('label-delete').click();
  await page.getByTestId('confirm-ok').click();
  await details.getByTestId('label-row').filter({ hasText: 'com.example.team' }).waitFor({ state: 'detached' });
  labels = (await quay('GET', `/repository/${SIMPLE}/manifest/${digest}/labels`)).body.labels;
  assert.ok(!labels.some((l) => l.key === 'com.example.team'));
  // Escape closes the drawer and the URL forgets the tag; Back brings it back.
  await page.keyboard.press('Escape');
  await details.waitFor({ state: 'detached' });
  assert.doesNotMatch(page.url(), /tag=latest/);
  await page.goBack();
  await details.waitFor();
});

test('the time machine shows timelines and restores a deleted tag', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags/history` });
  const history = new HistoryPage(page);
  await history.count().filter({ hasText: /events of \d+ tags\.$/ }).waitFor({ timeout: 15000 });
  const [, events, tagCount] = (await history.count().textContent()).match(/(\d+) events of (\d+) tags/);
  assert.ok(Number(tagCount) === 11 && Number(events) > 70, `${events} events, ${tagCount} tags`);
  assert.ok(await history.tags().count() >= 1);
  assert.ok(await page.locator('[data-testid="history-list"] [role="row"]').count() <= 100, 'windowed');
  const latest = await quay('GET', `/repository/${SIMPLE}/tag/?onlyActiveTags=false&specificTag=latest&limit=100`);
  assert.ok(latest.body.tags.length > 30, 'seeded long history');
  await history.filter().fill('old-release');
  await page.waitForURL(/filter=old-release/);
  await page.locator('[data-testid="history-tag"][data-tag="old-release"]').waitFor();
  await history.count().filter({ hasText: /events of 1 tags\.$/ }).waitFor();
  const kinds = await history.events().evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.equal(kinds[0], 'removed');
  assert.ok(kinds.includes('created') && kinds.includes('moved'), kinds.join());
  await history.events().first().getByTestId('history-restore').click();
  await page.getByTestId('confirm-dialog').getByText(/Restore old-release to the manifest sha256:/).waitFor();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('toast').filter({ hasText: 'old-release restored' }).waitFor();
  const alive = await aliveTag(SIMPLE, 'old-release');
  assert.ok(alive && alive.reversion === true, JSON.stringify(alive));
  await history.events().first().filter({ hasText: 'Restored' }).waitFor();
  // A date range narrows the events; both ends live in the URL.
  await page.getByTestId('history-from').fill('2000-01-01');
  await page.getByTestId('history-to').fill('2000-01-02');
  await page.getByTestId('history-to').dispatchEvent('change');
  await page.getByTestId('empty-state').filter({ hasText: 'No history matches' }).waitFor();
  assert.match(page.url(), /from=2000-01-01/);
});

test('errors say what to do: missing repository, missing scope, a failing page that can be retried', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: '/repository/devtable/nosuch/tags' });
  await page.getByTestId('error-view').filter({ hasText: 'does not exist' }).waitFor();
  assert.equal(await page.getByTestId('error-view').getAttribute('data-status'), '404');

  await sandbox.faults({ fail_paths: [{ method: 'GET', path_contains: '/tag/?page=1', status: 500, times: 1 }] });
  await page.goto(page.url().replace(/\/repository\/.*$/, `/repository/${SIMPLE}/tags`));
  const failure = page.getByTestId('error-view');
  await failure.filter({ hasText: 'internal error' }).waitFor();
  await failure.getByRole('button', { name: 'Retry' }).click();
  await new TagsPage(page).waitForRows();
  assert.deepEqual(errors, []);

  // A read-only sign-in is told why it cannot change tags; nothing is offered that would fail.
  const { page: ro } = await open(t);
  await signInAs(ro, { scopes: ['repo:read', 'user:read'], path: `/repository/${SIMPLE}/tags` });
  const readOnly = new TagsPage(ro);
  await readOnly.waitForRows();
  await readOnly.select('v1.1').check();
  assert.equal(await ro.getByTestId('bulk-delete').isDisabled(), true);
  assert.match(await ro.getByTestId('read-only').textContent(), /repo:write/);
  assert.equal(await ro.getByTestId('add-tag').isDisabled(), true);

  // A member without write access: Quay's 403 is explained per tag, and the tag stays.
  const { page: member } = await open(t);
  await signInAs(member, { user: 'reader', path: `/repository/${BIG}/tags` });
  const theirs = new TagsPage(member);
  await theirs.waitForRows();
  const first = (await theirs.names())[0];
  await theirs.select(first).check();
  await member.getByTestId('bulk-delete').click();
  await member.getByTestId('confirm-ok').click();
  await member.getByTestId('bulk-failed').filter({ hasText: 'write access' }).waitFor();
  assert.ok(await aliveTag(BIG, first));
});

test("the drawer, dialogs and bulk bar come in a chunk of their own: not fetched by the list, preloaded for a deep-linked tag, a retry when they cannot be had", async (t) => {
  const { page, errors } = await open(t);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname.split('/').pop()); });
  await signInAs(page, { path: `/repository/${SIMPLE}/tags` });
  const tags = new TagsPage(page);
  await tags.waitForRows();
  await settle(page);
  const tools = () => wasm.filter((f) => f.startsWith('split_tag_tools-'));
  assert.ok(wasm.some((f) => f.startsWith('split_tags-')), `fetched: ${wasm.join(', ')}`);
  assert.deepEqual(tools(), [], `the list alone fetched: ${wasm.join(', ')}`);
  // The chunk cannot be had: opening a tag shows a retry, the list stays.
  let blocked = 0;
  await page.route(/\/split_tag_tools-[0-9a-f]+\.wasm$/, (route) => { blocked += 1; return route.abort('internetdisconnected'); });
  await tags.row('latest').getByTestId('tag-name').click();
  await page.getByTestId('chunk-error').waitFor();
  assert.ok(blocked >= 1);
  assert.ok(await tags.rows().count() > 0, 'the list is still there');
  await page.unroute(/\/split_tag_tools-[0-9a-f]+\.wasm$/);
  await page.getByTestId('chunk-error').getByRole('button', { name: 'Retry' }).click();
  await tags.details().waitFor();
  assert.equal(tools().length >= 1, true);
  // Loaded once, the dialog and the bulk bar come at once.
  await page.keyboard.press('Escape');
  await tags.select('latest').check();
  await tags.selectedCount().waitFor();
  await page.getByTestId('add-tag').click();
  await page.getByTestId('tag-form').waitFor();
  // A deep link to a tag preloads the chunk beside the list's modules (the early script).
  await page.goto(page.url().replace(/\/repository\/.*$/, `/repository/${SIMPLE}/tags?tag=latest`));
  await tags.details().waitFor();
  const preloaded = await page.evaluate(() => [...document.querySelectorAll('link[rel="preload"]')].map((l) => l.href.split('/').pop()));
  assert.ok(preloaded.some((f) => f.startsWith('split_tag_tools-')), `preloaded: ${preloaded.join(', ')}`);
  assert.ok(preloaded.some((f) => f.startsWith('split_tags-')), `preloaded: ${preloaded.join(', ')}`);
  assert.deepEqual(errors, []);
});
