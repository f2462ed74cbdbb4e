// The access review (`/organization/{org}/review`, `/user/review`) on the sandbox's `revieworg`
// (6 repositories; robots neverbot (never used), stalebot (120 days), widebot (write on 5
// repositories, admin on 1), freshbot (in use); the application "Legacy Dashboard" with a bare-origin
// redirect URI) and devtable's own namespace (an expired and an expiring app token, the console's
// grant with dangerous scopes): every finding kind with its count, the remedies behind their
// confirmations, the export, deep links, cancel, and the bearer calls the sandbox saw.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { open, signInAs, sandbox, closeBrowser, CONSOLE, SANDBOX, settle } from '../lib/harness.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset({ auth: true }); await sandbox.config('ok'); });

const ORG_REVIEW = '/organization/revieworg/review';
const row = (page, key) => page.locator(`[data-testid="review-row"][data-key="${key}"]`);
const count = async (page, kind) => Number(await page.getByTestId(`summary-${kind}`).getByTestId('summary-count').textContent());
const progress = (page) => page.getByTestId('review-progress-text');

async function quay(path, init = {}) {
  const { access_token } = await sandbox.token({ username: 'devtable' });
  const res = await fetch(`${SANDBOX}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${access_token}`, 'x-requested-with': 'XMLHttpRequest', ...(init.headers || {}) },
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function complete(page, total) {
  await progress(page).getByText(new RegExp(`^${total} of ${total} calls · complete`)).waitFor({ timeout: 15000 });
}

test('organization review: every kind with its count, in 9 bearer calls, at most 2 at a time', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/' });
  await settle(page);
  await sandbox.clearRequests();
  await page.goto(CONSOLE + ORG_REVIEW.replace(/^\//, ''));
  await complete(page, 9);
  assert.equal(await count(page, 'unused'), 2);
  assert.equal(await count(page, 'broad'), 1);
  assert.equal(await count(page, 'redirect'), 1);
  assert.equal(await count(page, 'permission'), 11);
  assert.equal(await count(page, 'all'), 15);
  assert.match(await row(page, 'unused:revieworg+neverbot').getByTestId('review-why').textContent(), /Never used/);
  assert.match(await row(page, 'unused:revieworg+stalebot').getByTestId('review-why').textContent(), /Unused for 120 days/);
  assert.match(await row(page, 'broad:revieworg+widebot').getByTestId('review-why').textContent(), /Write on 5 and admin on 1 repositories/);
  const redirect = row(page, 'redirect:Legacy Dashboard');
  assert.match(await redirect.getByTestId('review-why').textContent(), /https:\/\/legacy\.revieworg\.example\//);
  // Its remedy is a link to the application, since a fix needs a new URI.
  assert.match(await redirect.getByRole('link').getAttribute('href'), /\/organization\/revieworg\/applications\?app=REVIEWLEGACYDASH0001$/);
  // Who can do what: subject × repository × role.
  const perm = page.getByTestId('perm-row').filter({ hasText: 'revieworg+widebot' }).filter({ hasText: 'infra' });
  assert.equal(await perm.getByTestId('perm-role').textContent(), 'admin');
  assert.match(await page.getByTestId('review-budget').textContent(), /100 repositories and 50 robots costs 103 calls/);
  // The calls the sandbox saw: the robots (one list, with their repositories), the applications,
  // the repository list and one permission map per repository: 9, as the page says.
  await settle(page);
  const journal = (await sandbox.requests())
    .filter((r) => r.has_authorization && r.path.startsWith('/api/v1/') && r.path !== '/api/v1/user/');
  const paths = journal.map((r) => r.path + (r.query ? `?${r.query}` : ''));
  assert.equal(journal.length, 9, paths.join('\n'));
  assert.ok(paths.includes('/api/v1/organization/revieworg/robots?permissions=true&token=false'), paths.join('\n'));
  assert.equal(journal.filter((r) => /\/robots\/[^/]+/.test(r.path)).length, 0, 'no per-robot call');
  assert.equal(journal.filter((r) => /^\/api\/v1\/repository\/revieworg\/[^/]+\/permissions\/user\/$/.test(r.path)).length, 6);
  // Never more than 2 in flight.
  for (const a of journal) {
    const overlapping = journal.filter((b) => b.started_ms <= a.started_ms && (b.finished_ms ?? Infinity) > a.started_ms);
    assert.ok(overlapping.length <= 2, `${overlapping.length} in flight at ${a.path}`);
  }
});

test('remedies: delete a robot and narrow one, each after a confirmation, with the effect shown', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: ORG_REVIEW });
  await complete(page, 9);
  // Delete: cancel first (nothing happens), then confirm.
  await row(page, 'unused:revieworg+neverbot').getByTestId('review-remedy').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByText(/Delete revieworg\+neverbot\?/).waitFor();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'hidden' });
  assert.equal((await quay('/organization/revieworg/robots/neverbot')).status, 200);
  await row(page, 'unused:revieworg+neverbot').getByTestId('review-remedy').click();
  await confirm.getByTestId('confirm-ok').click();
  await row(page, 'unused:revieworg+neverbot').waitFor({ state: 'detached' });
  assert.equal(await count(page, 'unused'), 1);
  assert.equal((await quay('/organization/revieworg/robots/neverbot')).status, 400);
  // Narrow: set widebot to read on every repository but infra.
  await row(page, 'broad:revieworg+widebot').getByTestId('review-remedy').click();
  const narrow = page.getByTestId('narrow-dialog');
  await narrow.getByText('Narrow the permissions of revieworg+widebot').waitFor();
  assert.equal(await narrow.getByTestId('narrow-repo').count(), 6);
  await narrow.locator('[data-testid="narrow-repo"][value="infra"]').uncheck();
  await narrow.getByTestId('narrow-read').check();
  await narrow.getByTestId('narrow-apply').click();
  await narrow.waitFor({ state: 'hidden' });
  await row(page, 'broad:revieworg+widebot').waitFor({ state: 'detached' });
  assert.equal(await count(page, 'broad'), 0);
  const api = (await quay('/repository/revieworg/api/permissions/user/revieworg+widebot')).body;
  assert.equal(api.role, 'read');
  const infra = (await quay('/repository/revieworg/infra/permissions/user/revieworg+widebot')).body;
  assert.equal(infra.role, 'admin');
  const perm = page.getByTestId('perm-row').filter({ hasText: 'revieworg+widebot' }).filter({ hasText: 'worker' });
  assert.equal(await perm.getByTestId('perm-role').textContent(), 'read');
});

test('user review: app tokens expired and expiring, grants with dangerous scopes; revoke a token and a grant', async (t) => {
  const { page } = await open(t);
  // Another application's token with a scope Quay marks dangerous.
  await sandbox.token({ username: 'devtable', client_id: 'deadbeef', scopes: ['repo:read', 'org:admin'] });
  await signInAs(page, { path: '/user/review' });
  await complete(page, 12);
  assert.equal(await count(page, 'apptoken'), 2);
  assert.match(await row(page, 'apptoken:old backup script').getByTestId('review-why').textContent(), /^Expired /);
  assert.match(await row(page, 'apptoken:CI pipeline (GitHub Actions)').getByTestId('review-why').textContent(), /^Expires /);
  assert.ok(await count(page, 'scope') >= 1);
  assert.match(await page.locator('[data-testid="review-row"][data-kind="scope"]').first().getByTestId('review-why').textContent(), /Dangerous scopes: .*org:admin/);
  assert.match(await row(page, 'unused:devtable+dtrobot2').getByTestId('review-why').textContent(), /Never used/);
  // No redirect kind on the user's review.
  assert.equal(await page.getByTestId('summary-redirect').count(), 0);
  await row(page, 'apptoken:old backup script').getByTestId('review-remedy').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByText(/Revoke the app token "old backup script"\?/).waitFor();
  await confirm.getByTestId('confirm-ok').click();
  await row(page, 'apptoken:old backup script').waitFor({ state: 'detached' });
  assert.equal(await count(page, 'apptoken'), 1);
  const tokens = (await quay('/user/apptoken')).body.tokens.map((x) => x.title);
  assert.ok(!tokens.includes('old backup script'), tokens.join(', '));
  // Revoke the other application's grant.
  const grant = row(page, 'scope:Some Test App (buynlarge)');
  assert.match(await grant.getByTestId('review-why').textContent(), /Dangerous scopes: org:admin/);
  const scopes = await count(page, 'scope');
  await grant.getByTestId('review-remedy').click();
  await confirm.getByText(/Revoke this token of Some Test App \(buynlarge\)\?/).waitFor();
  await confirm.getByTestId('confirm-ok').click();
  await grant.waitFor({ state: 'detached' });
  assert.equal(await count(page, 'scope'), scopes - 1);
  const apps = (await quay('/user/authorizations')).body.authorizations.map((a) => a.application.name);
  assert.ok(!apps.includes('Some Test App'), apps.join(', '));
});

test('export: CSV (formula-guarded) and JSON of the findings shown', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: ORG_REVIEW });
  await complete(page, 9);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('review-export-csv').click()]);
  assert.equal(csv.suggestedFilename(), 'access-review-revieworg.csv');
  const lines = readFileSync(await csv.path(), 'utf8').trim().split('\r\n');
  assert.equal(lines[0], 'kind,subject,reason,repository,role,remedy');
  assert.equal(lines.length, 1 + 15);
  assert.ok(lines.includes('unused,revieworg+neverbot,never used,,,delete-robot'), lines.join('\n'));
  assert.ok(lines.includes('broad,revieworg+widebot,write on 5 and admin on 1 repositories,,,narrow'));
  assert.ok(lines.includes('permission,revieworg+widebot,admin on infra,infra,admin,'));
  // Filtered: only that kind.
  await page.getByTestId('summary-unused').click();
  await page.waitForURL(/kind=unused/);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('review-export-json').click()]);
  assert.equal(json.suggestedFilename(), 'access-review-revieworg.json');
  const doc = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.equal(doc.namespace, 'revieworg');
  assert.deepEqual(doc.findings.map((f) => f.subject), ['revieworg+neverbot', 'revieworg+stalebot']);
  assert.deepEqual(Object.keys(doc.findings[0]), ['kind', 'subject', 'reason', 'repository', 'role', 'remedy']);
});

test('deep link with thresholds and a filter; back and forward; cancel keeps what was read', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `${ORG_REVIEW}?kind=unused&days=100&repos=7` });
  await complete(page, 9);
  assert.equal(await page.getByTestId('review-days').inputValue(), '100');
  assert.equal(await page.getByTestId('review-repos').inputValue(), '7');
  assert.equal(await page.getByTestId('summary-unused').getAttribute('aria-pressed'), 'true');
  // Only unused robots shown; widebot's 6 repositories are under 7.
  const kinds = await page.getByTestId('review-row').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  assert.deepEqual(kinds, ['unused', 'unused']);
  assert.equal(await count(page, 'broad'), 0);
  assert.equal(await page.getByTestId('review-permissions').count(), 0);
  await page.getByTestId('review-days').fill('150');
  await page.getByTestId('review-days').press('Tab');
  await page.waitForURL(/days=150/);
  await row(page, 'unused:revieworg+stalebot').waitFor({ state: 'detached' });
  await page.getByTestId('summary-broad').click();
  await page.waitForURL(/kind=broad/);
  await page.goBack();
  await page.waitForURL(/kind=unused/);
  assert.equal(await page.getByTestId('summary-unused').getAttribute('aria-pressed'), 'true');
  await page.goForward();
  await page.waitForURL(/kind=broad/);

  // Cancel: a permission map that never answers; the first findings stay.
  await sandbox.faults({ hang_paths: ['/api/v1/repository/revieworg/api/permissions/user/'] });
  try {
    await page.getByTestId('review-again').click();
    await page.getByTestId('review-cancel').waitFor();
    await page.getByTestId('review-cancel').click();
    await progress(page).getByText(/cancelled/).waitFor();
    await page.getByTestId('review-again').waitFor();
    assert.equal(await count(page, 'unused'), 1);
  } finally {
    await sandbox.clearFaults();
  }
});

test('the review in Chinese and Japanese', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: ORG_REVIEW });
  for (const [lang, title, kind] of [['zh', 'revieworg 的访问审查', '未使用的机器人'], ['ja', 'revieworg のアクセスレビュー', '未使用のロボット']]) {
    await page.evaluate((l) => localStorage.setItem('quay-console.lang', l), lang);
    await page.reload();
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByTestId('summary-unused').getByText(kind).waitFor();
    await page.getByTestId('review-row').first().waitFor();
  }
});

test('reached from the command palette and the side navigation', async (t) => {
  const { page } = await open(t);
  await signInAs(page);
  await page.getByTestId('repo-row').first().waitFor();
  await page.keyboard.press('Control+K');
  const input = page.getByTestId('palette-input');
  await input.waitFor();
  await input.fill('revieworg access review');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/console\/organization\/revieworg\/review$/);
  await complete(page, 9);
  await page.getByTestId('sidenav').getByRole('link', { name: 'Access review' }).waitFor();
  await page.goto(CONSOLE + 'user/robots');
  await page.getByTestId('sidenav').getByRole('link', { name: 'Access review' }).click();
  await page.waitForURL(/\/console\/user\/review$/);
  await page.getByRole('heading', { name: 'Your access review' }).waitFor();
});

test("under Quay's latency model the first findings do not wait for the background reading", async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/' });
  await settle(page);
  await sandbox.call('POST', 'latency', { model: 'quay', workers: 2 });
  try {
    const t0 = Date.now();
    await page.goto(CONSOLE + ORG_REVIEW.replace(/^\//, ''));
    await row(page, 'unused:revieworg+neverbot').waitFor();
    const first = Date.now() - t0;
    // Shown while the repositories' permissions are still being read.
    assert.doesNotMatch(await progress(page).textContent(), /complete/);
    await complete(page, 9);
    console.log(`review: revieworg under the Quay latency model: first finding ${first} ms, all 9 calls ${Date.now() - t0} ms`);
  } finally {
    await sandbox.call('POST', 'latency', { model: 'none' });
  }
});
