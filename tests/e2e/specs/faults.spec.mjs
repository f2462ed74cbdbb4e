// Every fault a user meets, one test each (the title names the fault): a hung request, random 5xx
// over every view, 401 in the middle of a form, offline and back, 429 with Retry-After, a malformed
// 2xx answer to a POST, double clicks on submit buttons, and a create whose answer never came.
// Each is injected through the sandbox's `/__sandbox/faults` (or the browser context) and each test
// asserts the console survived: no page error (the harness), a clear message, and recovery.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, CONSOLE, settle } from '../lib/harness.mjs';
import { RobotsPage, QuayApi } from '../pages/robots.mjs';
import { ApplicationsPage, sandboxApp, quay } from '../pages/applications.mjs';

const quayApp = (method, body) => quay('/organization/buynlarge/applications', { method, body });
import { Shell } from '../pages/shell.mjs';
import { signInAgain, drafts } from '../lib/signin.mjs';

/** How many faults of each kind the tests below injected and the console survived. */
const exercised = {};
const count = (kind, n = 1) => { exercised[kind] = (exercised[kind] || 0) + n; };

after(async () => {
  console.log(`faults exercised: ${Object.entries(exercised).map(([k, n]) => `${k}=${n}`).join(' ')}`);
  await closeBrowser();
});
beforeEach(async () => { await sandbox.reset(); await sandbox.config('ok'); });

const ROBOTS = RobotsPage.path('buynlarge');
const APPS = '/organization/buynlarge/applications';
const errorView = (page) => page.getByTestId('error-view');
const retry = (page) => errorView(page).getByRole('button', { name: 'Retry' });
const writes = (journal, method, pathPart) => journal.filter((r) => r.method === method && r.path.includes(pathPart));

test('fault: hung request — visible progress, cancel, retry; and the settable time limit', async (t) => {
  const { page } = await open(t);
  await sandbox.faults({ hang_paths: ['/organization/buynlarge/robots'] });
  await signInAs(page, { path: ROBOTS });
  await page.getByTestId('loading').first().waitFor();
  await page.getByTestId('slow-request').waitFor();
  await page.getByTestId('cancel-requests').click();
  await errorView(page).filter({ hasText: /cancelled/i }).waitFor();
  await page.getByTestId('slow-request').waitFor({ state: 'detached' });
  count('hang');
  await sandbox.clearFaults();
  await retry(page).click();
  await new RobotsPage(page).rows().first().waitFor();

  // The time limit (30 s) can be shortened for a tab; a hung call then ends as a time-out.
  await page.evaluate(() => sessionStorage.setItem('quay-console.timeout-ms', '2000'));
  await sandbox.faults({ hang_paths: ['/organization/buynlarge/robots'] });
  const started = Date.now();
  await page.reload();
  await errorView(page).filter({ hasText: /did not answer in time/i }).waitFor({ timeout: 10000 });
  assert.ok(Date.now() - started < 9000, 'the shortened limit applied');
  count('timeout');
  await sandbox.clearFaults();
  await retry(page).click();
  await new RobotsPage(page).rows().first().waitFor();
});

test('fault: hung request on a cold deep link — "Cancel" ends the wait for the early script\'s GET too', async (t) => {
  const { page } = await open(t);
  const TAGS = '/repository/devtable/simple/tags';
  await signInAs(page, { path: TAGS });
  await page.getByTestId('tag-row').first().waitFor();
  // A reload of a deep link: the early script sends the first tag page before the wasm arrives.
  // Forget what the tab saw, so the page has nothing to show but the hung answer.
  await page.evaluate(() => sessionStorage.removeItem('quay-console.seen'));
  await sandbox.faults({ hang_paths: ['/repository/devtable/simple/tag/'] });
  const started = Date.now();
  await page.reload();
  await page.getByTestId('slow-request').waitFor();
  await page.getByTestId('cancel-requests').click();
  await errorView(page).filter({ hasText: /cancelled/i }).waitFor({ timeout: 5000 });
  assert.ok(Date.now() - started < 15000, 'cancelled well before the early script\'s own 30 s limit');
  count('hang');
  await sandbox.clearFaults();
  const retried = Date.now();
  await retry(page).click();
  await page.getByTestId('tag-row').first().waitFor();
  // The hung GET is still open in the browser: the retry must not queue behind it (Chromium holds an
  // identical GET up to 20 s for the HTTP cache unless the request is `no-store`).
  assert.ok(Date.now() - retried < 10000, `the retry answered in ${Date.now() - retried} ms`);
});

const VIEWS = [
  '/',
  '/repository/devtable/simple',
  '/repository/devtable/simple/tags',
  '/repository/devtable/simple/tags/history',
  '/repository/devtable/mirrored/mirror',
  '/repository/devtable/simple/logs',
  '/organization/buynlarge/robots',
  '/organization/buynlarge/robots?robot=coolrobot',
  '/organization/buynlarge/applications',
  '/organization/buynlarge/applications?app=deadpork',
  '/user/apptokens',
  '/organization/buynlarge/default-permissions',
  '/user/authorizations',
  '/organization/buynlarge/quotas',
  '/organization/buynlarge/logs',
  '/superuser/quotas',
  '/superuser/registry-size',
  '/mirrors/health',
];

test('fault: random 5xx (rate 0.5) over a walk through every view — no panic, every screen recovers with Retry', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/' });
  await settle(page);
  let failedScreens = 0;
  for (const view of VIEWS) {
    await sandbox.faults({ fail_rate: 0.5 });
    await sandbox.clearRequests();
    await page.goto(CONSOLE + view.replace(/^\//, ''));
    await settle(page, 500);
    const journal = await sandbox.requests();
    count('5xx', journal.filter((r) => r.status >= 500).length);
    await sandbox.clearFaults();
    // Every failed panel offers a retry, and a retry with the fault off shows the data.
    for (let round = 0; round < 6 && await errorView(page).count() > 0; round += 1) {
      failedScreens += 1;
      const buttons = retry(page);
      if (await buttons.count() === 0) {
        // A panel replaced by the page's own answer meanwhile: look again once settled.
        await settle(page, 300);
        if (await errorView(page).count() === 0) break;
        assert.ok(await buttons.count() > 0, `${view}: an error panel without a retry`);
      }
      await buttons.first().click();
      await settle(page, 300);
    }
    assert.equal(await errorView(page).count(), 0, `${view} did not recover`);
    assert.ok((await page.locator('main').textContent()).trim().length > 0, `${view} shows something`);
  }
  assert.ok(failedScreens > 0, 'the rate made at least one screen fail');
});

test('fault: 401 in the middle of a form — the robot form comes back with what was typed after signing in again', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: ROBOTS });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await robots.createButton().click();
  await robots.nameInput().fill('draftbot');
  await robots.descriptionInput().fill('typed before the 401');
  await robots.addMetadata('team', 'platform');
  await robots.toReview();
  await sandbox.revoke();
  await robots.reviewStep().getByRole('button', { name: 'Create', exact: true }).click();
  await new Shell(page).signInNotice().waitFor();
  count('401');
  // The draft holds what was typed, and nothing secret.
  const kept = await drafts(page);
  assert.equal(kept.length, 1);
  assert.match(kept[0][1], /draftbot/);
  assert.doesNotMatch(kept[0][1], /access_token|Bearer/);
  await signInAgain(page);
  // Back where the 401 came: the wizard's review (the step is in the URL).
  assert.equal(await new Shell(page).route(), `${ROBOTS}?create=1&step=4`);
  await robots.createDialog().and(page.locator('[open]')).waitFor();
  await robots.toFirstStep();
  assert.equal(await robots.nameInput().inputValue(), 'draftbot');
  assert.equal(await robots.descriptionInput().inputValue(), 'typed before the 401');
  assert.equal(await robots.createDialog().getByLabel('Value').inputValue(), 'platform');
  await robots.submitCreate();
  await robots.row('draftbot').waitFor();
  await robots.wizardCredentials().waitFor();
  assert.equal((await new QuayApi().robot('buynlarge', 'draftbot')).json.description, 'typed before the 401');
  assert.deepEqual(await drafts(page), [], 'the draft is dropped once sent');
});

test('fault: 401 in the middle of a form — the application form comes back after signing in again; cancel drops it', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: APPS });
  const apps = new ApplicationsPage(page);
  await apps.rows().first().waitFor();
  await apps.createButton().click();
  await apps.fill(apps.createDialog(), { name: 'Half typed', description: 'keep me', applicationUri: 'https://half.example' });
  await sandbox.revoke();
  await apps.createDialog().getByTestId('app-save').click();
  await new Shell(page).signInNotice().waitFor();
  count('401');
  await signInAgain(page);
  const dialog = apps.createDialog();
  await dialog.and(page.locator('[open]')).waitFor();
  assert.equal(await dialog.getByTestId('app-name').inputValue(), 'Half typed');
  assert.equal(await dialog.getByTestId('app-description').inputValue(), 'keep me');
  assert.equal(await dialog.getByTestId('app-application-uri').inputValue(), 'https://half.example');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await drafts(page), [], 'cancel drops the draft');
  await page.reload();
  await apps.rows().first().waitFor();
  assert.equal(await page.locator('dialog[open]').count(), 0);
});

test('fault: offline and back — a clear message, and recovery without reload', async (t) => {
  const { page, context } = await open(t);
  await signInAs(page, { path: ROBOTS });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await settle(page);
  await context.setOffline(true);
  await page.getByTestId('offline-notice').waitFor();
  await robots.row('coolrobot').getByRole('link').click();
  await errorView(page).filter({ hasText: /offline/i }).waitFor();
  count('offline');
  await context.setOffline(false);
  await page.getByTestId('offline-notice').waitFor({ state: 'detached' });
  const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);
  await retry(page).click();
  await robots.drawerTitle().filter({ hasText: 'coolrobot' }).waitFor();
  assert.equal(await errorView(page).count(), 0);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), loads, 'no reload');
});

test('fault: 429 with Retry-After — a GET waits as told, says so, and is retried once', async (t) => {
  const { page } = await open(t);
  await sandbox.faults({ fail_paths: [{ method: 'GET', path_contains: '/organization/buynlarge/robots?', status: 429, times: 1, retry_after: 2 }] });
  await signInAs(page, { path: ROBOTS });
  await page.getByTestId('retry-wait').filter({ hasText: /retrying in 2 s/ }).waitFor();
  await new RobotsPage(page).rows().first().waitFor();
  const calls = (await sandbox.requests()).filter((r) => r.method === 'GET' && r.path === '/api/v1/organization/buynlarge/robots');
  assert.deepEqual(calls.map((r) => r.status), [429, 200]);
  const waited = calls[1].started_ms - calls[0].finished_ms;
  assert.ok(waited >= 1900 && waited < 4000, `waited ${waited} ms`);
  count('429');

  // A wait longer than the console's bound is not waited for: one call, a clear message, Retry.
  await sandbox.faults({ fail_paths: [{ method: 'GET', path_contains: '/organization/buynlarge/robots?', status: 429, times: 1, retry_after: 120 }] });
  await sandbox.clearRequests();
  await page.reload();
  await errorView(page).filter({ hasText: /too many requests/i }).waitFor();
  const once = (await sandbox.requests()).filter((r) => r.path === '/api/v1/organization/buynlarge/robots');
  assert.equal(once.length, 1);
  count('429');
  await retry(page).click();
  await new RobotsPage(page).rows().first().waitFor();
});

test('fault: malformed 2xx answer to a POST — a clear error, no panic, the list read again, and no blind resend', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: APPS });
  const apps = new ApplicationsPage(page);
  await apps.rows().first().waitFor();
  await sandbox.faults({ malformed_paths: ['/organization/buynlarge/applications'], malformed_method: 'POST' });
  await apps.createButton().click();
  const dialog = apps.createDialog();
  await apps.fill(dialog, { name: 'Garbled', applicationUri: 'https://garbled.example', redirectUri: 'https://garbled.example/cb' });
  await sandbox.clearRequests();
  await dialog.getByTestId('app-save').click();
  await dialog.getByTestId('form-error').filter({ hasText: /could not be read.*read again/i }).waitFor();
  count('malformed');
  await settle(page);
  const journal = await sandbox.requests();
  const post = journal.findIndex((r) => r.method === 'POST' && r.path === '/api/v1/organization/buynlarge/applications');
  assert.ok(post >= 0);
  assert.ok(journal.slice(post + 1).some((r) => r.method === 'GET' && r.path === '/api/v1/organization/buynlarge/applications'),
    'the list was read again after the unreadable answer');
  assert.equal(await dialog.getByTestId('app-name').inputValue(), 'Garbled', 'the input is kept');
  // Sending again first checks whether it happened (it did not: the sandbox never ran the handler).
  await sandbox.clearFaults();
  await sandbox.clearRequests();
  await dialog.getByTestId('app-save').click();
  await apps.title().filter({ hasText: 'Garbled' }).waitFor();
  const again = (await sandbox.requests()).filter((r) => r.path === '/api/v1/organization/buynlarge/applications');
  assert.deepEqual(again.map((r) => r.method).slice(0, 2), ['GET', 'POST']);
  assert.ok(await sandboxApp('Garbled'));
});

/**
 * `path`'s list on screen, calls that time out after 2 s, requests to `hangPath` never answered
 * (Quay may still act on them: the answer is what gets lost), and the create dialog opened.
 */
async function createWithLostAnswer(t, path, View, hangPath) {
  const { page } = await open(t);
  await signInAs(page, { path });
  await page.evaluate(() => sessionStorage.setItem('quay-console.timeout-ms', '2000'));
  const view = new View(page);
  await view.rows().first().waitFor();
  await sandbox.faults({ hang_paths: [hangPath] });
  await view.createButton().click();
  return { page, view };
}

test('fault: an application create whose answer never came, made after all — found, not sent again', async (t) => {
  const { page, view: apps } = await createWithLostAnswer(t, APPS, ApplicationsPage, '/organization/buynlarge/applications');
  const dialog = apps.createDialog();
  const fields = { name: 'Lost answer', applicationUri: 'https://lost.example', redirectUri: 'https://lost.example/cb' };
  await apps.fill(dialog, fields);
  await dialog.getByTestId('app-save').click();
  await dialog.getByTestId('form-error').filter({ hasText: /did not answer in time/i }).waitFor({ timeout: 10000 });
  count('lost-answer');
  assert.equal(await dialog.getByTestId('app-name').inputValue(), 'Lost answer', 'the input is kept');
  // Meanwhile the create did happen on Quay's side (the answer was what got lost).
  await sandbox.clearFaults();
  const made = await quayApp('POST', { name: fields.name, application_uri: fields.applicationUri, redirect_uri: fields.redirectUri });
  assert.equal(made.status, 200);
  await sandbox.clearRequests();
  await dialog.getByTestId('app-save').click();
  await page.getByTestId('toast').filter({ hasText: /created after all/i }).waitFor();
  await apps.title().filter({ hasText: 'Lost answer' }).waitFor();
  const journal = await sandbox.requests();
  assert.equal(writes(journal, 'POST', '/organization/buynlarge/applications').length, 0, 'not sent again');
  assert.ok(writes(journal, 'GET', '/organization/buynlarge/applications').length >= 1, 'checked first');
  assert.equal((await quayApp('GET')).json.applications.filter((a) => a.name === 'Lost answer').length, 1, 'one application');
});

test('fault: double click on submit buttons sends one request each (robot, application create and edit, federation, permission)', async (t) => {
  const { page } = await open(t);
  await sandbox.faults({ latency_ms: 400 });
  await signInAs(page, { path: ROBOTS });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await sandbox.clearRequests();
  await robots.createButton().click();
  await robots.nameInput().fill('twiceclicked');
  await robots.toReview();
  await robots.createDialog().getByTestId('create-submit').dblclick();
  await robots.row('twiceclicked').waitFor();
  assert.equal(writes(await sandbox.requests(), 'PUT', '/robots/twiceclicked').length, 1, 'robot create');
  count('double-click');

  await page.goto(CONSOLE + 'organization/buynlarge/robots?robot=coolrobot&tab=federation');
  await page.getByTestId('federation-row').first().waitFor();
  await sandbox.clearRequests();
  const form = page.getByTestId('federation-form');
  await form.getByLabel('Issuer').fill('https://issuer.example');
  await form.getByLabel('Subject').fill('double');
  await form.getByTestId('fed-add').dblclick();
  await page.getByTestId('federation-row').nth(1).waitFor();
  await settle(page);
  assert.equal(writes(await sandbox.requests(), 'POST', '/federation').length, 1, 'federation add');
  count('double-click');

  await page.goto(CONSOLE + APPS.replace(/^\//, ''));
  const apps = new ApplicationsPage(page);
  await apps.rows().first().waitFor();
  await sandbox.clearRequests();
  await apps.createButton().click();
  await apps.fill(apps.createDialog(), { name: 'Twice', applicationUri: 'https://twice.example', redirectUri: 'https://twice.example/cb' });
  await apps.createDialog().getByTestId('app-save').dblclick();
  await apps.title().filter({ hasText: 'Twice' }).waitFor();
  assert.equal(writes(await sandbox.requests(), 'POST', '/organization/buynlarge/applications').length, 1, 'application create');
  count('double-click');

  await sandbox.clearRequests();
  await page.getByTestId('app-edit').click();
  await apps.fill(apps.editDialog(), { description: 'edited once' });
  await apps.editDialog().getByTestId('app-save').dblclick();
  await page.getByTestId('toast').filter({ hasText: 'saved' }).waitFor();
  await settle(page);
  assert.equal((await sandbox.requests()).filter((r) => r.method === 'PUT' && r.path.includes('/applications/')).length, 1, 'application edit');
  count('double-click');
});

test('fault: a create whose answer never came (time-out) is not blindly resent — the console checks first', async (t) => {
  const { view: robots } = await createWithLostAnswer(t, ROBOTS, RobotsPage, '/robots/lostbot');
  await robots.nameInput().fill('lostbot');
  await robots.descriptionInput().fill('did it happen?');
  await robots.toReview();
  await robots.createDialog().getByTestId('create-submit').click();
  await robots.createError().filter({ hasText: /did not answer in time/i }).waitFor({ timeout: 10000 });
  count('lost-answer');
  // Meanwhile the create did happen on Quay's side (the answer was what got lost).
  await sandbox.clearFaults();
  const api = new QuayApi();
  assert.equal((await api.call('PUT', '/organization/buynlarge/robots/lostbot', { description: 'did it happen?' })).status, 201);
  await sandbox.clearRequests();
  await robots.createDialog().getByTestId('create-submit').click();
  await robots.toast().filter({ hasText: /created after all/i }).waitFor();
  await robots.row('lostbot').waitFor();
  const journal = await sandbox.requests();
  assert.equal(writes(journal, 'PUT', '/robots/lostbot').length, 0, 'not sent again');
  assert.ok(writes(journal, 'GET', '/robots/lostbot').length >= 1, 'checked first');
});
