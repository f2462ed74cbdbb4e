// Organization mirroring (`/organization/{org}/mirror`): Quay's rules said before the form; the form
// checked as Quay checks it (nothing sent while it is wrong, the input kept), Quay's own refusal
// shown, then created; verify read as Quay answers it (200 with `success: false` is a failure);
// sync now, cancel (and a second cancel's 400), enable/disable, delete behind a confirmation; the
// mirrored repositories of `syncedorg` with their counts and a status filter in the URL; the draft
// of the open form; the feature turned off.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, CONSOLE } from '../lib/harness.mjs';
import { QuayApi } from '../pages/robots.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset(); await sandbox.config('ok'); });

const PAGE = '/organization/mirrororg/mirror';
const SYNCED = '/organization/syncedorg/mirror';
const mirrorCalls = async (org = 'mirrororg') => (await sandbox.requests())
  .filter((r) => r.path.startsWith(`/api/v1/organization/${org}/mirror`));
const status = (page) => page.getByTestId('orgmirror-status');

test('org mirror: rules first, refused before sending and by Quay with the input kept, then created', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: PAGE });
  await page.getByTestId('orgmirror-none').waitFor();
  const rules = await page.getByTestId('orgmirror-rules').textContent();
  assert.match(rules, /empty organization/);
  assert.match(rules, /proxy cache/);
  assert.match(rules, /immutability policies/);
  assert.match(await page.getByTestId('sidenav').textContent(), /Organization mirror/);
  await sandbox.clearRequests();

  await page.getByTestId('orgmirror-setup').click();
  await page.getByTestId('orgmirror-form').waitFor();
  assert.match(page.url(), /[?&]edit=1/);
  // The robots are read when the form opens, to pick from.
  await page.locator('#orgmirror-robot option[value="mirrororg+syncbot"]').waitFor({ state: 'attached' });

  // Wrong in Quay's eyes: nothing is sent, each field says why, what was typed stays.
  await page.getByTestId('orgmirror-url').fill('quay.io');
  await page.getByTestId('orgmirror-namespace').fill('library');
  await page.getByTestId('orgmirror-interval').fill('30');
  await page.getByTestId('orgmirror-start').fill('2030-01-01 00:00');
  await page.getByTestId('orgmirror-filters').fill('alpine*, bad glob');
  await page.getByTestId('orgmirror-save').click();
  await page.getByTestId('orgmirror-url-problem').filter({ hasText: 'http://' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'orgmirror-url');
  assert.match(await page.getByTestId('orgmirror-robot-problem').textContent(), /robot account/);
  assert.match(await page.getByTestId('orgmirror-interval-problem').textContent(), /at least 60/);
  assert.match(await page.getByTestId('orgmirror-start-problem').textContent(), /YYYY-MM-DDTHH:MM:SSZ/);
  assert.match(await page.getByTestId('orgmirror-filters-problem').textContent(), /spaces/);
  assert.equal((await mirrorCalls()).filter((r) => r.method === 'POST').length, 0, 'nothing sent while the form is wrong');
  assert.equal(await page.getByTestId('orgmirror-url').inputValue(), 'quay.io');

  // Right by the rules, refused by Quay (its SSRF block): its message, the input kept.
  await page.getByTestId('orgmirror-url').fill('http://localhost:5000');
  await page.getByTestId('orgmirror-robot').selectOption('mirrororg+syncbot');
  await page.getByTestId('orgmirror-interval').fill('3600');
  await page.getByTestId('orgmirror-start').fill('2030-01-01T00:00:00Z');
  await page.getByTestId('orgmirror-filters').fill('alpine*, busybox');
  await page.getByTestId('orgmirror-save').click();
  await page.getByTestId('orgmirror-form-error').filter({ hasText: 'The provided registry URL is not allowed' }).waitFor();
  assert.equal(await page.getByTestId('orgmirror-namespace').inputValue(), 'library');
  assert.equal(await page.getByTestId('orgmirror-filters').inputValue(), 'alpine*, busybox');

  await page.getByTestId('orgmirror-url').fill('http://127.0.0.1:5999');
  await page.getByTestId('orgmirror-save').click();
  await page.getByTestId('orgmirror-config').waitFor();
  assert.doesNotMatch(page.url(), /edit=1/);
  assert.match(await page.getByTestId('orgmirror-source').textContent(), /127\.0\.0\.1:5999.*library/);
  assert.equal(await page.getByTestId('orgmirror-robot-value').textContent(), 'mirrororg+syncbot');
  assert.match(await page.getByTestId('orgmirror-filters-value').textContent(), /alpine\*, busybox/);
  assert.equal(await status(page).textContent(), 'Never run');
  const posts = (await mirrorCalls()).filter((r) => r.method === 'POST' && r.path.endsWith('/mirror'));
  assert.deepEqual(posts.map((p) => p.status), [400, 201]);
  const stored = await new QuayApi().get('/organization/mirrororg/mirror');
  assert.equal(stored.json.sync_interval, 3600);
  assert.deepEqual(stored.json.repository_filters, ['alpine*', 'busybox']);
  assert.equal(await page.getByTestId('empty-state').count(), 1, 'no repository discovered yet');
  assert.deepEqual(errors, []);
});

/** Opens the form on `mirrororg`, fills it right, and saves while Quay never answers (a 2 s time limit). */
async function createAndLoseTheAnswer(page) {
  await signInAs(page, { path: PAGE });
  await page.evaluate(() => sessionStorage.setItem('quay-console.timeout-ms', '2000'));
  await page.getByTestId('orgmirror-none').waitFor();
  await page.getByTestId('orgmirror-setup').click();
  await page.locator('#orgmirror-robot option[value="mirrororg+syncbot"]').waitFor({ state: 'attached' });
  await page.getByTestId('orgmirror-url').fill('http://127.0.0.1:5999');
  await page.getByTestId('orgmirror-namespace').fill('library');
  await page.getByTestId('orgmirror-robot').selectOption('mirrororg+syncbot');
  await page.getByTestId('orgmirror-interval').fill('3600');
  await page.getByTestId('orgmirror-start').fill('2030-01-01T00:00:00Z');
  await sandbox.faults({ hang_paths: ['/organization/mirrororg/mirror'] });
  await page.getByTestId('orgmirror-save').click();
  await page.getByTestId('orgmirror-form-error').filter({ hasText: /did not answer in time/i }).waitFor({ timeout: 10000 });
}

test('org mirror: a create whose answer was lost is not sent again — Quay is asked first', async (t) => {
  const { page, errors } = await open(t);
  await createAndLoseTheAnswer(page);
  assert.equal(await page.getByTestId('orgmirror-namespace').inputValue(), 'library', 'the input is kept');

  // Meanwhile the create did happen on Quay's side (the answer was what got lost).
  await sandbox.clearFaults();
  const created = await new QuayApi().call('POST', '/organization/mirrororg/mirror', {
    external_registry_type: 'quay', external_registry_url: 'http://127.0.0.1:5999', external_namespace: 'library',
    robot_username: 'mirrororg+syncbot', visibility: 'private', sync_interval: 3600,
    sync_start_date: '2030-01-01T00:00:00Z', is_enabled: true, external_registry_config: {},
    repository_filters: [], skopeo_timeout: 300,
  });
  assert.equal(created.status, 201);
  await sandbox.clearRequests();
  await page.getByTestId('orgmirror-save').click();
  await page.getByTestId('toast').filter({ hasText: /created after all/i }).waitFor();
  await page.getByTestId('orgmirror-config').waitFor();
  const calls = await mirrorCalls();
  assert.equal(calls.filter((r) => r.method === 'POST').length, 0, 'not sent again');
  assert.ok(calls.some((r) => r.method === 'GET' && r.path.endsWith('/mirror')), 'checked first');
  assert.deepEqual(errors, []);
});

test('org mirror: a lost create that did not happen is sent once more after the check', async (t) => {
  const { page, errors } = await open(t);
  await createAndLoseTheAnswer(page);
  await sandbox.clearFaults();
  await sandbox.clearRequests();
  await page.getByTestId('orgmirror-save').click();
  await page.getByTestId('orgmirror-config').waitFor();
  const calls = await mirrorCalls();
  assert.deepEqual(calls.filter((r) => r.path.endsWith('/mirror')).map((r) => `${r.method} ${r.status}`).slice(0, 2), ['GET 404', 'POST 201']);
  assert.equal(calls.filter((r) => r.method === 'POST').length, 1);
  assert.deepEqual(errors, []);
});

test('org mirror: verify failure and success, edit, sync now, cancel twice, disable/enable, delete', async (t) => {
  const api = new QuayApi();
  const created = await api.call('POST', '/organization/mirrororg/mirror', {
    external_registry_type: 'quay', external_registry_url: 'http://127.0.0.1:5999', external_namespace: 'library',
    robot_username: 'mirrororg+syncbot', visibility: 'private', sync_interval: 3600, sync_start_date: '2030-01-01T00:00:00Z',
  });
  assert.equal(created.status, 201);
  const { page, errors } = await open(t);
  await signInAs(page, { path: PAGE });
  await page.getByTestId('orgmirror-config').waitFor();

  // Quay answers 200 with success:false when the source cannot be reached: a failure.
  await page.getByTestId('orgmirror-verify').click();
  await page.getByTestId('orgmirror-verify-failed').filter({ hasText: 'Connection error' }).waitFor();
  assert.equal(await page.getByTestId('orgmirror-verify-ok').count(), 0);

  // Edit through the same form: only what changed is sent.
  await page.getByTestId('orgmirror-edit').click();
  await page.getByTestId('orgmirror-form').waitFor();
  assert.equal(await page.getByTestId('orgmirror-url').inputValue(), 'http://127.0.0.1:5999');
  assert.equal(await page.getByTestId('orgmirror-type-quay').isDisabled(), true, 'the source type cannot change');
  await page.getByTestId('orgmirror-url').fill('https://quay.io');
  await page.getByTestId('orgmirror-save').click();
  await page.getByTestId('orgmirror-source').filter({ hasText: 'https://quay.io' }).waitFor();
  assert.equal((await api.get('/organization/mirrororg/mirror')).json.sync_interval, 3600);
  await page.getByTestId('orgmirror-verify').click();
  await page.getByTestId('orgmirror-verify-ok').waitFor();

  await page.getByTestId('orgmirror-sync-now').click();
  await status(page).filter({ hasText: 'Sync requested' }).waitFor();
  await page.getByTestId('orgmirror-cancel').click();
  await status(page).filter({ hasText: 'Cancelled' }).waitFor();
  assert.equal(await page.getByTestId('orgmirror-cancel').isDisabled(), true);

  // Another administrator cancels first: Quay's 400 on the second cancel is said as such.
  await page.getByTestId('orgmirror-sync-now').click();
  await status(page).filter({ hasText: 'Sync requested' }).waitFor();
  assert.equal((await api.call('POST', '/organization/mirrororg/mirror/sync-cancel')).status, 204);
  await page.getByTestId('orgmirror-cancel').click();
  await page.getByTestId('orgmirror-notice').filter({ hasText: 'already cancelled' }).waitFor();
  await status(page).filter({ hasText: 'Cancelled' }).waitFor();
  assert.equal(await page.getByTestId('orgmirror-action-error').count(), 0);

  await page.getByTestId('orgmirror-toggle').click();
  await page.getByTestId('orgmirror-disabled').waitFor();
  assert.equal((await api.get('/organization/mirrororg/mirror')).json.is_enabled, false);
  await page.getByTestId('orgmirror-toggle').filter({ hasText: 'Enable' }).click();
  await page.getByTestId('orgmirror-disabled').waitFor({ state: 'detached' });
  assert.equal((await api.get('/organization/mirrororg/mirror')).json.is_enabled, true);

  // Deleting asks first; cancelling keeps it.
  await sandbox.clearRequests();
  await page.getByTestId('orgmirror-delete').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await mirrorCalls()).filter((r) => r.method === 'DELETE').length, 0);
  await page.getByTestId('orgmirror-delete').click();
  assert.match(await page.getByTestId('confirm-dialog').textContent(), /https:\/\/quay\.io\/library/);
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('orgmirror-none').waitFor();
  assert.equal((await mirrorCalls()).filter((r) => r.method === 'DELETE').length, 1);
  assert.equal((await api.get('/organization/mirrororg/mirror')).status, 404);
  assert.deepEqual(errors, []);
});

test('org mirror: the mirrored repositories with their counts, a status filter in the URL, back and forth', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: SYNCED });
  await page.getByTestId('orgmirror-repo-row').first().waitFor();
  assert.equal(await page.getByTestId('orgmirror-repo-row').count(), 26);
  const count = (s) => page.getByTestId(`orgmirror-filter-${s}`).getByTestId('orgmirror-count').textContent();
  assert.equal(await count('all'), '26');
  assert.equal(await count('success'), '12');
  assert.equal(await count('fail'), '3');
  assert.equal(await count('skip'), '2');
  assert.match(await page.getByTestId('orgmirror-page').textContent(), /Page 1 of 1 \(26 repositories\)/);
  // A sync is running: Quay refuses another until it is cancelled.
  assert.equal(await status(page).textContent(), 'Syncing');
  assert.equal(await page.getByTestId('orgmirror-sync-now').isDisabled(), true);

  // Budget: the configuration (with the counts) first, then one page of repositories.
  await sandbox.clearRequests();
  await page.reload();
  await page.getByTestId('orgmirror-repo-row').first().waitFor();
  const calls = await mirrorCalls('syncedorg');
  assert.deepEqual(calls.map((r) => r.path.replace('/api/v1/organization/syncedorg', '')), ['/mirror', '/mirror/repositories']);

  // The filter asks Quay (server side) and lives in the URL.
  await sandbox.clearRequests();
  await page.getByTestId('orgmirror-filter-fail').click();
  await page.waitForURL(/status=fail/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="orgmirror-repo-row"]').length === 3);
  assert.deepEqual(await page.getByTestId('orgmirror-repo-row').evaluateAll((rows) => rows.map((r) => r.dataset.status)), ['FAIL', 'FAIL', 'FAIL']);
  assert.match(await page.getByTestId('orgmirror-repo-table').textContent(), /skopeo copy failed/);
  assert.equal(await page.getByTestId('orgmirror-filter-fail').getAttribute('aria-current'), 'page');
  const asked = (await mirrorCalls('syncedorg')).filter((r) => r.path.endsWith('/repositories'));
  assert.equal(asked.length, 1);
  assert.match(asked[0].query ?? '', /status=FAIL/);
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="orgmirror-repo-row"]').length === 26);

  // A deep link with a status.
  await page.goto(`${CONSOLE}${SYNCED.slice(1)}?status=never_run`);
  await page.getByTestId('orgmirror-repo-row').first().waitFor();
  assert.equal(await page.getByTestId('orgmirror-repo-row').count(), 3);
  assert.equal(await page.getByTestId('orgmirror-filter-never_run').getAttribute('aria-current'), 'page');
  // A status Quay does not know: its 400, listing the valid ones.
  await page.goto(`${CONSOLE}${SYNCED.slice(1)}?status=bogus`);
  await page.getByTestId('error-view').filter({ hasText: 'Invalid status filter' }).waitFor();
  assert.deepEqual(errors, []);
});

test('org mirror: the open form is kept for the tab without credentials; cancel drops it', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `${PAGE}?edit=1` });
  await page.getByTestId('orgmirror-form').waitFor();
  await page.getByTestId('orgmirror-url').fill('https://quay.io');
  await page.getByTestId('orgmirror-namespace').fill('kept');
  await page.getByTestId('orgmirror-username').fill('someone');
  await page.getByTestId('orgmirror-password').fill('s3cret-pass');
  const drafts = () => page.evaluate(() => Object.keys(sessionStorage)
    .filter((k) => k.startsWith('quay-console.draft.')).map((k) => sessionStorage.getItem(k)));
  const kept = await drafts();
  assert.equal(kept.length, 1);
  assert.match(kept[0], /kept/);
  assert.doesNotMatch(kept[0], /s3cret-pass|someone/);
  await page.goto(CONSOLE + PAGE.slice(1));
  await page.getByTestId('orgmirror-form').waitFor();
  assert.equal(await page.getByTestId('orgmirror-namespace').inputValue(), 'kept');
  assert.equal(await page.getByTestId('orgmirror-password').inputValue(), '');
  await page.getByTestId('orgmirror-form-cancel').click();
  await page.getByTestId('orgmirror-none').waitFor();
  assert.deepEqual(await drafts(), []);
});

test('org mirror: with the feature off the page says so, asks nothing, and the link is marked off', async (t) => {
  await sandbox.call('POST', 'features', { ORG_MIRROR: false });
  const { page } = await open(t);
  await signInAs(page, { path: PAGE });
  await page.getByTestId('orgmirror-off').waitFor();
  await sandbox.clearRequests();
  await page.reload();
  await page.getByTestId('orgmirror-off').waitFor();
  await page.waitForTimeout(300);
  assert.equal((await mirrorCalls()).length, 0);
  assert.match(await page.getByTestId('sidenav').textContent(), /Organization mirror\s*\(off\)/);
  assert.equal(await page.getByTestId('orgmirror-form').count(), 0);
});

test('org mirror: in the palette, and in Chinese and Japanese with no untranslated key', async (t) => {
  const { page } = await open(t);
  await signInAs(page);
  await page.getByTestId('repo-row').first().waitFor();
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('syncedorg organization mirror');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/organization\/syncedorg\/mirror$/);
  await page.getByTestId('orgmirror-repo-row').first().waitFor();
  for (const [lang, heading, word] of [['zh', 'syncedorg 的组织镜像', '同步中'], ['ja', 'syncedorg の組織ミラー', '同期中']]) {
    await page.getByTestId('lang-select').selectOption(lang);
    await page.getByRole('heading', { name: heading }).waitFor();
    await status(page).filter({ hasText: word }).waitFor();
    assert.equal(await page.getByText('orgmirror.', { exact: false }).count(), 0, `${lang}: no untranslated keys`);
  }
  await page.getByTestId('lang-select').selectOption('en');
});
