// Robot creation as a wizard: name → repository permissions → default permission → review →
// credentials. The full path (checked in the sandbox and in the console), skipping steps (and the
// user namespace, which has no default permissions), validation, steps in the URL with back and
// forward, and a failure in the middle: what was done is shown, only the failed part is retried,
// and a half-created robot can be deleted after a confirmation.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, CONSOLE } from '../lib/harness.mjs';
import { RobotsPage, QuayApi } from '../pages/robots.mjs';
import { Shell } from '../pages/shell.mjs';
import { signInAgain } from '../lib/signin.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset(); await sandbox.config('ok'); });

const ROBOTS = RobotsPage.path('buynlarge');
const step = (page) => new URL(page.url()).searchParams.get('step');
const WRITE = new Set(['PUT', 'POST', 'DELETE']);
const writes = (journal) => journal.filter((r) => WRITE.has(r.method) && r.path.startsWith('/api/v1/'));
const drafts = (page) => page.evaluate(() => Object.keys(sessionStorage)
  .filter((k) => k.startsWith('quay-console.draft.'))
  .map((k) => sessionStorage.getItem(k)));

test('full path: two repositories with roles and a default permission, sent only on Create, in order', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: ROBOTS });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await sandbox.clearRequests();
  await robots.createButton().click();
  await page.waitForURL(/create=1&step=1/);
  await robots.nameInput().fill('pipeline');
  await robots.descriptionInput().fill('CI pipeline');
  await robots.next();
  await page.waitForURL(/step=2/);

  // Step 2: Quay's repository list, one page, searched over what is loaded.
  await robots.repoRow('orgrepo').waitFor();
  await robots.repoSearch().fill('org');
  await robots.repoRow('webapp').waitFor({ state: 'detached' });
  assert.ok(await robots.repoRow('anotherorgrepo').isVisible());
  await robots.repoRow('orgrepo').getByTestId('repo-role').selectOption('write');
  await robots.pickRepo('webapp', 'read');
  await robots.createDialog().getByTestId('picked').getByText(/Read on webapp/).waitFor();
  assert.match(await robots.createDialog().getByTestId('picked').textContent(), /Write on orgrepo/);
  const listCalls = (await sandbox.requests()).filter((r) => r.method === 'GET' && r.path === '/api/v1/repository');
  assert.equal(listCalls.length, 1, 'one page of repositories, no call per keystroke');
  assert.match(listCalls[0].query, /namespace=buynlarge/);

  // Step 3: a default permission for future repositories.
  await robots.next();
  await page.waitForURL(/step=3/);
  await robots.createDialog().getByLabel('Read').check();
  // What was typed in every step is a draft for the tab; a reload brings it back at the same step.
  await page.reload();
  await robots.createDialog().getByTestId('default-step').waitFor();
  assert.equal(step(page), '3');
  assert.ok(await robots.createDialog().getByLabel('Read').isChecked());
  await robots.next();
  await page.waitForURL(/step=4/);
  const review = robots.reviewStep();
  assert.match(await review.getByTestId('review-name').textContent(), /buynlarge\+pipeline/);
  assert.match(await review.getByTestId('review-grants').textContent(), /Write on orgrepo.*Read on webapp/);
  assert.match(await review.getByTestId('review-default').textContent(), /Read/);

  // Back and forward move between the steps.
  await page.goBack();
  await robots.createDialog().getByTestId('default-step').waitFor();
  await page.goBack();
  await robots.createDialog().getByTestId('repos-step').waitFor();
  await page.goForward();
  await page.goForward();
  await review.waitFor();
  assert.deepEqual(writes(await sandbox.requests()), [], 'nothing sent before Create');

  await review.getByRole('button', { name: 'Create', exact: true }).click();
  await robots.wizardCredentials().waitFor();
  for (const id of ['robot', 'repo:orgrepo', 'repo:webapp', 'default']) {
    assert.equal(await robots.runPart(id).getAttribute('data-state'), 'done', id);
  }
  // Sent in order: the robot, each permission, the default permission.
  const sent = writes(await sandbox.requests()).map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
  assert.deepEqual(sent, [
    'PUT /api/v1/organization/buynlarge/robots/pipeline',
    'PUT /api/v1/repository/buynlarge/orgrepo/permissions/user/buynlarge+pipeline',
    'PUT /api/v1/repository/buynlarge/webapp/permissions/user/buynlarge+pipeline',
    'POST /api/v1/organization/buynlarge/prototypes',
  ]);
  // Quay has them.
  const api = new QuayApi();
  assert.deepEqual(await api.permissions('buynlarge', 'pipeline'), { orgrepo: 'write', webapp: 'read' });
  assert.deepEqual(await api.defaultRoles('buynlarge', 'buynlarge+pipeline'), ['read']);
  // The credentials, once: Quay's token and a docker login that reads it from stdin.
  const token = (await api.robot('buynlarge', 'pipeline')).json.token;
  const creds = robots.wizardCredentials();
  await creds.getByTestId('reveal-token').click();
  assert.equal(await creds.getByTestId('token-text').textContent(), token);
  assert.match(await creds.getByTestId('docker-login-stdin').textContent(), /docker login .*--password-stdin/);
  for (const d of await drafts(page)) assert.ok(!d.includes(token), 'no token in a draft');
  assert.deepEqual(await drafts(page), [], 'the draft is dropped once everything is done');

  // Done opens the robot, whose permissions the console shows too.
  await robots.createDialog().getByTestId('wizard-done').click();
  await page.waitForURL(/robot=pipeline/);
  assert.doesNotMatch(page.url(), /create=/);
  await robots.tab('Repository permissions').click();
  await page.locator('[data-testid="permission-row"][data-repo="orgrepo"]').waitFor();
  assert.equal(await page.getByTestId('permission-row').count(), 2);
  await page.goto(CONSOLE + 'organization/buynlarge/default-permissions');
  await page.getByText('buynlarge+pipeline').first().waitFor();
});

test('the command palette opens the wizard; its steps are deep links', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: ROBOTS });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('buynlarge create robot');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/organization\/buynlarge\/robots\?create=1&step=1$/);
  await robots.nameInput().waitFor();
  await page.goto(CONSOLE + 'organization/buynlarge/robots?create=1&step=2');
  await robots.repoRow('orgrepo').waitFor();
  assert.match(await robots.createDialog().textContent(), /step 2 of 4/);
});

test('skipping steps: Skip drops what the step picked; a user namespace has no default permission step', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path(null) });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await robots.createButton().click();
  // Three steps for a user: name, repositories, review.
  await robots.wizardStep(1).waitFor();
  assert.equal(await robots.createDialog().getByTestId('wizard-steps').getByRole('button').count(), 3);
  assert.equal(await robots.wizardStep(3).count(), 0);
  await robots.nameInput().fill('solo');
  await robots.next();
  await robots.repoRow('simple').waitFor();
  await robots.pickRepo('simple', 'admin');
  await robots.skip();
  await page.waitForURL(/step=4/);
  assert.match(await robots.reviewStep().textContent(), /None \(skipped\)/);
  assert.equal(await robots.reviewStep().getByTestId('review-default').count(), 0);
  await sandbox.clearRequests();
  await robots.reviewStep().getByRole('button', { name: 'Create', exact: true }).click();
  await robots.wizardCredentials().waitFor();
  assert.equal(await robots.outcome().getByTestId('run-part').count(), 1);
  const sent = writes(await sandbox.requests()).map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(sent, ['PUT /api/v1/user/robots/solo']);
  assert.deepEqual(await new QuayApi().permissions(null, 'solo'), {});

  // An organization: skip both optional steps straight to the review.
  await page.goto(CONSOLE + 'organization/buynlarge/robots');
  await robots.rows().first().waitFor();
  await robots.createButton().click();
  await robots.nameInput().fill('bare');
  await robots.next();
  await robots.skip();
  await page.waitForURL(/step=3/);
  await robots.skip();
  await page.waitForURL(/step=4/);
  assert.equal((await robots.reviewStep().textContent()).match(/None \(skipped\)/g).length, 2);
});

test('validation: the name rule shows as typed and keeps the wizard on step 1; nothing is sent', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: ROBOTS });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await sandbox.clearRequests();
  await robots.createButton().click();
  await robots.nameInput().fill('Bad');
  await robots.nameError().filter({ hasText: /start with a lower-case letter/ }).waitFor();
  await robots.nameInput().fill('a');
  await robots.nameError().filter({ hasText: /at least 2/ }).waitFor();
  await robots.nameInput().fill('ok-name');
  await robots.nameError().filter({ hasText: /"-" is not allowed/ }).waitFor();
  assert.equal(await robots.nameInput().getAttribute('aria-invalid'), 'true');
  await robots.next();
  await robots.wizardStep(2).click();
  await robots.wizardStep(4).click();
  assert.equal(step(page), '1', 'an invalid name keeps the wizard on step 1');
  await robots.nameInput().fill('ok_name');
  assert.equal(await robots.nameError().textContent(), '');
  await robots.descriptionInput().fill('x'.repeat(256));
  await robots.createDialog().getByText(/at most 255 characters/).waitFor();
  await robots.next();
  assert.equal(step(page), '1');
  // Cancel drops what was typed; a deep link straight to the review with nothing typed goes back
  // to step 1 on Create.
  await robots.createDialog().getByRole('button', { name: 'Cancel' }).click();
  await page.waitForURL((u) => !u.search.includes('create='));
  assert.deepEqual(await drafts(page), []);
  await page.goto(CONSOLE + 'organization/buynlarge/robots?create=1&step=4');
  await robots.reviewStep().getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(/step=1/);
  await robots.nameError().filter({ hasText: /Enter a name/ }).waitFor();
  assert.deepEqual(writes(await sandbox.requests()), []);
});

test('a failure in the middle: what was done is shown, only the failed part is retried, a half-created robot can be deleted', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: ROBOTS });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  const refuse = () => sandbox.faults({ fail_paths: [{
    method: 'PUT', path_contains: '/repository/buynlarge/webapp/permissions/user/', status: 400, times: 1,
    message: 'Repository is being deleted',
  }] });
  const create = async (name) => {
    await robots.createButton().click();
    await robots.nameInput().fill(name);
    await robots.next();
    await robots.pickRepo('orgrepo', 'write');
    await robots.pickRepo('webapp', 'read');
    await robots.next();
    await robots.createDialog().getByLabel('Read').check();
    await robots.next();
    await robots.reviewStep().getByRole('button', { name: 'Create', exact: true }).click();
  };
  await refuse();
  await create('halfbot');
  await robots.createDialog().getByTestId('run-failed').waitFor();
  assert.equal(await robots.runPart('robot').getAttribute('data-state'), 'done');
  assert.equal(await robots.runPart('repo:orgrepo').getAttribute('data-state'), 'done');
  assert.equal(await robots.runPart('repo:webapp').getAttribute('data-state'), 'failed');
  assert.match(await robots.runPart('repo:webapp').textContent(), /Repository is being deleted/);
  assert.equal(await robots.runPart('default').getAttribute('data-state'), 'not-attempted');
  assert.match(await robots.outcome().getByTestId('run-summary').textContent(), /2 done, 1 failed, 1 not attempted/);
  const api = new QuayApi();
  assert.deepEqual(await api.permissions('buynlarge', 'halfbot'), { orgrepo: 'write' });
  assert.deepEqual(await api.defaultRoles('buynlarge', 'buynlarge+halfbot'), []);

  // Retry sends only what is left: the refused permission, then the default permission.
  await sandbox.clearRequests();
  await robots.outcome().getByTestId('run-retry').dblclick();
  await robots.wizardCredentials().waitFor();
  const sent = writes(await sandbox.requests()).map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
  assert.deepEqual(sent, [
    'PUT /api/v1/repository/buynlarge/webapp/permissions/user/buynlarge+halfbot',
    'POST /api/v1/organization/buynlarge/prototypes',
  ]);
  assert.deepEqual(await api.permissions('buynlarge', 'halfbot'), { orgrepo: 'write', webapp: 'read' });
  assert.deepEqual(await api.defaultRoles('buynlarge', 'buynlarge+halfbot'), ['read']);
  await robots.createDialog().getByTestId('wizard-done').click();
  await robots.drawer().waitFor();
  await robots.drawer().getByTestId('drawer-close').click();

  // Again, and this time the person deletes the half-created robot (after a confirmation).
  await refuse();
  await create('halfbot_two');
  await robots.createDialog().getByTestId('run-failed').waitFor();
  await robots.outcome().getByTestId('run-delete').click();
  await robots.confirmDialog().waitFor();
  assert.match(await robots.confirmDialog().textContent(), /buynlarge\+halfbot_two/);
  await sandbox.clearRequests();
  await robots.confirmButton().click();
  await page.waitForURL((u) => !u.search.includes('create='));
  assert.equal((await api.robot('buynlarge', 'halfbot_two')).status, 400);
  await robots.row('halfbot_two').waitFor({ state: 'detached' });
  assert.deepEqual(writes(await sandbox.requests()).map((r) => r.method), ['DELETE']);
  assert.deepEqual(await api.defaultRoles('buynlarge', 'buynlarge+halfbot_two'), []);
  assert.deepEqual(await drafts(page), []);
});

test('a 401 in the middle of a run: after signing in again the wizard shows what was done and retries the rest', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: ROBOTS });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await robots.createButton().click();
  await robots.nameInput().fill('cutbot');
  await robots.next();
  await robots.pickRepo('orgrepo', 'write');
  await robots.pickRepo('webapp', 'read');
  await robots.next();
  await robots.createDialog().getByLabel('Read').check();
  await robots.next();
  // Quay answers 401 to the second permission: the robot and the first permission exist.
  await sandbox.faults({ fail_paths: [{
    method: 'PUT', path_contains: '/repository/buynlarge/webapp/permissions/user/', status: 401, times: 1,
  }] });
  await robots.reviewStep().getByRole('button', { name: 'Create', exact: true }).click();
  await new Shell(page).signInNotice().waitFor();
  const api = new QuayApi();
  assert.deepEqual(await api.permissions('buynlarge', 'cutbot'), { orgrepo: 'write' });

  await signInAgain(page);
  // Back at the wizard's outcome: done, not known to be done (sent again), not attempted.
  await robots.createDialog().getByTestId('run-failed').waitFor();
  assert.equal(await robots.runPart('robot').getAttribute('data-state'), 'done');
  assert.equal(await robots.runPart('repo:orgrepo').getAttribute('data-state'), 'done');
  assert.equal(await robots.runPart('repo:webapp').getAttribute('data-state'), 'not-attempted');
  assert.equal(await robots.runPart('default').getAttribute('data-state'), 'not-attempted');
  await sandbox.clearRequests();
  await robots.outcome().getByTestId('run-retry').click();
  // The create's answer (with the token) was not kept across the sign-in (a draft never holds a
  // token): the wizard ends without the one-time credentials; Done opens the robot's panel.
  await robots.createDialog().getByTestId('wizard-done').waitFor();
  assert.equal(await robots.wizardCredentials().count(), 0);
  await robots.createDialog().getByTestId('wizard-credentials-elsewhere').getByText(/Credentials tab/).waitFor();
  const sent = writes(await sandbox.requests()).map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
  assert.deepEqual(sent, [
    'PUT /api/v1/repository/buynlarge/webapp/permissions/user/buynlarge+cutbot',
    'POST /api/v1/organization/buynlarge/prototypes',
  ]);
  assert.deepEqual(await api.permissions('buynlarge', 'cutbot'), { orgrepo: 'write', webapp: 'read' });
  assert.deepEqual(await api.defaultRoles('buynlarge', 'buynlarge+cutbot'), ['read']);
  await robots.createDialog().getByTestId('wizard-done').click();
  await robots.drawer().waitFor();
});
