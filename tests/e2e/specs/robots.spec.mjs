// Robot accounts: list (filter, sort, URL state, long lists), create (and refused create), credentials,
// token regeneration, repository permissions, federation, delete one and many, and a robot that is gone.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, SANDBOX, injectAxe } from '../lib/harness.mjs';
import { RobotsPage, QuayApi } from '../pages/robots.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset(); await sandbox.config('ok'); });

const HOST = new URL(SANDBOX).host;
const route = (page) => { const u = new URL(page.url()); return u.pathname.replace(/^\/console/, '') + u.search; };
const b64decode = (s) => Buffer.from(s, 'base64').toString('utf8');

test('lists an organization\'s robots with teams, repositories and "never used"', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge') });
  const robots = new RobotsPage(page);
  await robots.count().filter({ hasText: '4 of 4' }).waitFor();
  assert.deepEqual(await robots.rowNames(), ['buynlarge+coolrobot', 'buynlarge+creatorbot', 'buynlarge+neworgrobot', 'buynlarge+ownerbot']);
  assert.match(await robots.row('ownerbot').textContent(), /owners/);
  assert.match(await robots.row('creatorbot').textContent(), /creators/);
  assert.match(await robots.row('coolrobot').textContent(), /buynlarge\+coolrobot.*3/);
  assert.match(await robots.row('neworgrobot').textContent(), /never used/);
  assert.doesNotMatch(await robots.row('coolrobot').textContent(), /never used/);
  // The list was asked with permissions and without tokens.
  const journal = await sandbox.requests();
  const list = journal.filter((r) => r.method === 'GET' && r.path === '/api/v1/organization/buynlarge/robots');
  assert.ok(list.length >= 1);
  assert.ok(list.every((r) => r.query === 'permissions=true&token=false'), JSON.stringify(list));
  assert.deepEqual(errors, []);
});

test('filter and sort live in the URL and survive reload, back and forward', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge') });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await robots.filter().fill('cool');
  await page.waitForURL(/q=cool/);
  assert.deepEqual(await robots.rowNames(), ['buynlarge+coolrobot']);
  await robots.count().filter({ hasText: '1 of 4' }).waitFor();
  await robots.filter().fill('');
  await page.waitForURL((u) => !u.search.includes('q='));
  await robots.sortBy('repos').click();
  await page.waitForURL(/sort=repos/);
  await robots.sortBy('repos').click();
  await page.waitForURL(/sort=-repos/);
  assert.equal((await robots.rowNames())[0], 'buynlarge+coolrobot');
  await page.reload();
  await robots.rows().first().waitFor();
  assert.equal((await robots.rowNames())[0], 'buynlarge+coolrobot');
  assert.equal(await page.getByRole('columnheader', { name: /Repositories/ }).getAttribute('aria-sort'), 'descending');
  // Opening a robot is a new history entry; back closes it.
  await robots.openRobot('ownerbot');
  assert.match(route(page), /robot=ownerbot/);
  await page.goBack();
  await robots.drawer().waitFor({ state: 'detached' });
  assert.match(route(page), /sort=-repos/);
  await page.goForward();
  await robots.drawer().waitFor();
});

test('a long list keeps only the visible rows in the page', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('titi') });
  const robots = new RobotsPage(page);
  await robots.count().filter({ hasText: '240 of 240' }).waitFor();
  const inDom = await robots.rows().count();
  assert.ok(inDom > 10 && inDom < 60, `${inDom} rows in the DOM`);
  await robots.list().evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await robots.row('builder_240').waitFor();
  assert.equal(await robots.row('builder_001').count(), 0);
});

test('creates a robot with description and metadata, then shows its token', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge') });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await robots.createButton().click();
  await robots.nameInput().fill('deployer');
  await robots.descriptionInput().fill('Deploys the web app');
  await robots.addMetadata('owner', 'platform');
  await robots.submitCreate();
  // The wizard's end shows the credentials once.
  const creds = robots.wizardCredentials();
  await creds.waitFor();
  await robots.row('deployer').waitFor();
  const api = new QuayApi();
  const created = await api.robot('buynlarge', 'deployer');
  assert.equal(created.status, 200);
  assert.equal(created.json.description, 'Deploys the web app');
  assert.deepEqual(created.json.unstructured_metadata, { owner: 'platform' });
  assert.match(await robots.toast().textContent(), /buynlarge\+deployer created/);
  // Masked until revealed, then exactly Quay's token.
  assert.doesNotMatch(await creds.getByTestId('token-text').textContent(), /[A-Z0-9]{20}/);
  await creds.getByTestId('reveal-token').click();
  assert.equal(await creds.getByTestId('token-text').textContent(), created.json.token);
  assert.equal(await creds.getByTestId('regenerate').count(), 0, 'no regeneration in the wizard');
  // Done opens the robot's details, with the same token.
  await robots.createDialog().getByTestId('wizard-done').click();
  await robots.drawer().waitFor();
  await page.waitForURL(/robot=deployer/);
  assert.equal(await robots.drawerTitle().textContent(), 'buynlarge+deployer');
  await robots.reveal().click();
  assert.equal(await robots.tokenText().textContent(), created.json.token);
});

test('a refused create keeps the form filled and says why', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge') });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await robots.createButton().click();
  // Checked before sending: nothing reaches Quay.
  await sandbox.clearRequests();
  await robots.nameInput().fill('Bad-Name');
  await robots.submitCreate();
  await robots.nameError().filter({ hasText: /start with a lower-case letter/ }).waitFor();
  await robots.nameInput().fill('bad-name');
  await robots.nameError().filter({ hasText: /"-" is not allowed/ }).waitFor();
  assert.equal((await sandbox.requests()).filter((r) => r.method === 'PUT').length, 0);
  // Refused by Quay: the robot exists.
  await robots.nameInput().fill('coolrobot');
  await robots.descriptionInput().fill('second try');
  await robots.addMetadata('team', 'qa');
  await robots.submitCreate();
  await robots.createError().waitFor();
  assert.match(await robots.createError().textContent(), /Existing robot with name: buynlarge\+coolrobot/);
  assert.equal(await robots.drawer().count(), 0);
  // Every input is kept: back on the first step.
  await robots.toFirstStep();
  assert.equal(await robots.nameInput().inputValue(), 'coolrobot');
  assert.equal(await robots.descriptionInput().inputValue(), 'second try');
  assert.equal(await robots.createDialog().getByLabel('Value').inputValue(), 'qa');
  // Fixing the name creates it.
  await robots.nameInput().fill('coolrobot_two');
  await robots.submitCreate();
  await robots.wizardCredentials().waitFor();
  await robots.createDialog().getByTestId('wizard-done').click();
  await page.waitForURL(/robot=coolrobot_two/);
  assert.equal((await new QuayApi().robot('buynlarge', 'coolrobot_two')).json.description, 'second try');
});

test('credentials: docker and podman login, pull secret and config.json to copy and download', async (t) => {
  const { page, context } = await open(t);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // A link may name the robot in full, as Quay writes it (the console's own links use the short name).
  await signInAs(page, { path: RobotsPage.path('buynlarge', '?robot=buynlarge%2Bcoolrobot') });
  const robots = new RobotsPage(page);
  await robots.drawer().waitFor();
  assert.equal(await robots.drawerTitle().textContent(), 'buynlarge+coolrobot');
  const token = (await new QuayApi().robot('buynlarge', 'coolrobot')).json.token;
  const docker = robots.snippet('docker-login');
  // Masked on screen, but copy gives the real command.
  assert.doesNotMatch(await docker.getByTestId('snippet-text').textContent(), new RegExp(token));
  await docker.getByTestId('copy').click();
  const expected = `docker login -u='buynlarge+coolrobot' -p='${token}' ${HOST}`;
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
  await robots.reveal().click();
  assert.equal(await docker.getByTestId('snippet-text').textContent(), expected);
  assert.equal(await robots.snippet('podman-login').getByTestId('snippet-text').textContent(), expected.replace('docker', 'podman'));

  const [secret] = await Promise.all([page.waitForEvent('download'), robots.snippet('kube-secret').getByTestId('download').click()]);
  assert.equal(secret.suggestedFilename(), 'buynlarge-coolrobot-pull-secret.yml');
  const yaml = await streamText(await secret.createReadStream());
  assert.match(yaml, /kind: Secret/);
  assert.match(yaml, /type: kubernetes\.io\/dockerconfigjson/);
  const dockerconfig = JSON.parse(b64decode(yaml.match(/\.dockerconfigjson: (\S+)/)[1]));
  assert.equal(b64decode(dockerconfig.auths[HOST].auth), `buynlarge+coolrobot:${token}`);

  const [config] = await Promise.all([page.waitForEvent('download'), robots.snippet('docker-config').getByTestId('download').click()]);
  assert.equal(config.suggestedFilename(), 'config.json');
  const json = JSON.parse(await streamText(await config.createReadStream()));
  assert.deepEqual(json, { auths: { [HOST]: { auth: Buffer.from(`buynlarge+coolrobot:${token}`).toString('base64'), email: '' } } });
});

test('regenerating the token warns first, then shows the new one', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path(null, '?robot=dtrobot2') });
  const robots = new RobotsPage(page);
  await robots.drawer().waitFor();
  const api = new QuayApi();
  const before = (await api.robot(null, 'dtrobot2')).json.token;
  await robots.drawer().getByRole('button', { name: 'Regenerate token' }).click();
  assert.match(await robots.confirmDialog().textContent(), /stops working at once/);
  await robots.confirmDialog().getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await api.robot(null, 'dtrobot2')).json.token, before);
  await robots.drawer().getByRole('button', { name: 'Regenerate token' }).click();
  await robots.confirmButton().click();
  await robots.toast().filter({ hasText: /New token/ }).waitFor();
  const after = (await api.robot(null, 'dtrobot2')).json.token;
  assert.notEqual(after, before);
  assert.equal(await robots.tokenText().textContent(), after);
  // The new token survives switching sections.
  await robots.tab('Repository permissions').click();
  await robots.tab('Credentials').click();
  await robots.reveal().click();
  assert.equal(await robots.tokenText().textContent(), after);
});

test('repository permissions: change a role, remove access after confirming, grant another repository', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge', '?robot=coolrobot&tab=permissions') });
  const robots = new RobotsPage(page);
  const api = new QuayApi();
  const table = page.getByTestId('permissions-table');
  await table.waitFor();
  const roleOf = (repo) => table.locator(`[data-repo="${repo}"]`).getByRole('combobox');
  assert.equal(await roleOf('orgrepo').inputValue(), 'write');
  assert.equal(await roleOf('webapp').inputValue(), 'admin');

  await roleOf('orgrepo').selectOption('admin');
  await robots.toast().filter({ hasText: /now has Admin on orgrepo/ }).waitFor();
  assert.equal((await api.permissions('buynlarge', 'coolrobot')).orgrepo, 'admin');

  await roleOf('anotherorgrepo').selectOption('none');
  await robots.confirmDialog().waitFor();
  assert.match(await robots.confirmDialog().textContent(), /no longer be able to use anotherorgrepo/);
  await robots.confirmButton().click();
  await table.locator('[data-repo="anotherorgrepo"]').waitFor({ state: 'detached' });
  assert.equal((await api.permissions('buynlarge', 'coolrobot')).anotherorgrepo, undefined);

  const grant = page.getByTestId('grant-form');
  await grant.getByLabel('Repository').fill('nosuchrepo');
  await grant.getByRole('button', { name: 'Grant' }).click();
  await grant.getByTestId('grant-error').waitFor();
  assert.match(await grant.getByTestId('grant-error').textContent(), /not found/i);
  assert.equal(await grant.getByLabel('Repository').inputValue(), 'nosuchrepo');

  await grant.getByLabel('Repository').fill('mirrortest');
  await grant.getByLabel('Role').selectOption('write');
  await grant.getByRole('button', { name: 'Grant' }).click();
  await table.locator('[data-repo="mirrortest"]').waitFor();
  assert.equal(await roleOf('mirrortest').inputValue(), 'write');
  assert.equal((await api.permissions('buynlarge', 'coolrobot')).mirrortest, 'write');
  assert.equal(await grant.getByLabel('Repository').inputValue(), '');
});

test('federation: add a trusted issuer and subject, refuse bad input, remove one', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge', '?robot=coolrobot') });
  const robots = new RobotsPage(page);
  await robots.tab('Federation').click();
  await page.waitForURL(/tab=federation/);
  const rows = page.getByTestId('federation-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  const form = page.getByTestId('federation-form');
  await form.getByLabel('Issuer').fill('kubernetes.default.svc');
  await form.getByLabel('Subject').fill('system:serviceaccount:ci:builder');
  await form.getByRole('button', { name: 'Add' }).click();
  assert.match(await form.getByTestId('fed-error').textContent(), /http:\/\/ or https:\/\//);
  await form.getByLabel('Issuer').fill('https://kubernetes.default.svc');
  await form.getByRole('button', { name: 'Add' }).click();
  await page.getByTestId('federation-row').nth(1).waitFor();
  const api = new QuayApi();
  assert.deepEqual((await api.federation('buynlarge', 'coolrobot')).map((f) => f.subject),
    ['repo:buynlarge/webapp:ref:refs/heads/main', 'system:serviceaccount:ci:builder']);
  assert.equal(await form.getByLabel('Issuer').inputValue(), '');

  await rows.first().getByRole('button', { name: 'Remove' }).click();
  await robots.confirmButton().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="federation-row"]').length === 1);
  assert.deepEqual((await api.federation('buynlarge', 'coolrobot')).map((f) => f.subject), ['system:serviceaccount:ci:builder']);
  await page.reload();
  await page.getByTestId('federation-row').first().waitFor();
  assert.equal(await page.getByTestId('federation-row').count(), 1);
});

test('deletes one robot after confirmation', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge') });
  const robots = new RobotsPage(page);
  await robots.openRobot('neworgrobot');
  await robots.drawer().getByRole('button', { name: 'Delete robot account' }).click();
  assert.match(await robots.confirmDialog().textContent(), /buynlarge\+neworgrobot will be deleted/);
  await robots.confirmButton().click();
  await robots.drawer().waitFor({ state: 'detached' });
  await robots.row('neworgrobot').waitFor({ state: 'detached' });
  assert.doesNotMatch(route(page), /robot=/);
  assert.equal((await new QuayApi().robot('buynlarge', 'neworgrobot')).status, 400);
});

test('bulk delete shows a result per robot (one is in use by a mirror)', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path(null) });
  const robots = new RobotsPage(page);
  await robots.rows().first().waitFor();
  await robots.select('dtrobot').check();
  await robots.select('dtrobot2').check();
  await robots.bulkDelete().click();
  assert.match(await robots.confirmDialog().textContent(), /devtable\+dtrobot, devtable\+dtrobot2/);
  await robots.confirmButton().click();
  const progress = page.getByTestId('bulk-progress');
  await progress.getByText('Finished').waitFor();
  const results = progress.getByTestId('bulk-result');
  assert.equal(await results.count(), 2);
  assert.match(await results.nth(0).textContent(), /devtable\+dtrobot.*Robot is being used by a mirror/);
  assert.match(await results.nth(1).textContent(), /devtable\+dtrobot2.*Deleted/);
  await progress.getByRole('button', { name: 'Close' }).last().click();
  await robots.row('dtrobot2').waitFor({ state: 'detached' });
  // The robot that could not be deleted stays, and stays selected.
  assert.equal(await robots.select('dtrobot').isChecked(), true);
  const api = new QuayApi();
  assert.equal((await api.robot(null, 'dtrobot')).status, 200);
  assert.equal((await api.robot(null, 'dtrobot2')).status, 400);
});

test('deleting five or more robots asks to type a phrase', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('titi', '?q=builder_00') });
  const robots = new RobotsPage(page);
  await robots.count().filter({ hasText: '9 of 240' }).waitFor();
  await page.getByTestId('robot-select-all').check();
  await robots.bulkDelete().click();
  assert.equal(await robots.confirmButton().isDisabled(), true);
  await robots.confirmDialog().getByTestId('confirm-typed').fill('delete 9 robots');
  await robots.confirmButton().click();
  await page.getByTestId('bulk-progress').getByText('Finished').waitFor();
  assert.equal(await page.locator('[data-testid="bulk-result"][data-ok="true"]').count(), 9);
  const list = await new QuayApi().get('/organization/titi/robots');
  assert.equal(list.json.robots.length, 231);
});

test('a robot that no longer exists is explained, with a way back to the list', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge', '?robot=ghost') });
  const robots = new RobotsPage(page);
  await robots.gone().waitFor();
  assert.match(await robots.gone().textContent(), /no longer exists/);
  await robots.gone().getByRole('button', { name: 'Back to the list' }).click();
  await robots.drawer().waitFor({ state: 'detached' });
  assert.equal(route(page), '/organization/buynlarge/robots');
  // Deleted behind the console's back while open: the next action explains it too.
  await robots.openRobot('creatorbot');
  await new QuayApi().call('DELETE', '/organization/buynlarge/robots/creatorbot');
  await robots.tab('Repository permissions').click();
  await robots.gone().waitFor();
  assert.deepEqual(errors, []);
});

test('the user namespace lists the user\'s robots', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path(null) });
  const robots = new RobotsPage(page);
  await robots.count().filter({ hasText: '2 of 2' }).waitFor();
  assert.match(await robots.heading().textContent(), /Your robot accounts/);
  assert.match(await robots.row('dtrobot').textContent(), /Pushes from CI.*3/);
  await robots.openRobot('dtrobot');
  assert.match(await robots.drawer().getByTestId('robot-metadata').textContent(), /owner: ci/);
});

test('a failed load is explained and retried; a failed delete keeps the robot and says why', async (t) => {
  const { page } = await open(t);
  await sandbox.faults({ fail_paths: [{ method: 'GET', path_contains: '/organization/buynlarge/robots?', status: 500, times: 1 }] });
  await signInAs(page, { path: RobotsPage.path('buynlarge') });
  const robots = new RobotsPage(page);
  const error = page.getByTestId('error-view');
  await error.waitFor();
  assert.match(await error.textContent(), /internal error \(500\)/);
  await error.getByRole('button', { name: 'Retry' }).click();
  await robots.count().filter({ hasText: '4 of 4' }).waitFor();
  // Quay refuses a delete: the robot stays, the reason is shown.
  await sandbox.faults({ fail_paths: [{ method: 'DELETE', path_contains: '/robots/ownerbot', status: 403, times: 1 }] });
  await robots.openRobot('ownerbot');
  await robots.drawer().getByRole('button', { name: 'Delete robot account' }).click();
  await robots.confirmButton().click();
  await robots.toast().filter({ hasText: /buynlarge\+ownerbot was not deleted/ }).waitFor();
  await robots.drawer().waitFor();
  assert.equal((await new QuayApi().robot('buynlarge', 'ownerbot')).status, 200);
});

test('the details panel, its sections and the dialogs pass axe (no serious or critical violations)', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge', '?robot=coolrobot') });
  const robots = new RobotsPage(page);
  await robots.snippet('docker-login').waitFor();
  const failures = [];
  const check = async (where) => {
    const v = await axe(page);
    if (v.length) failures.push(`${where}: ${v.join('; ')}`);
  };
  await check('credentials');
  await robots.tab('Repository permissions').click();
  await page.getByTestId('permissions-table').waitFor();
  await check('permissions');
  await robots.tab('Federation').click();
  await page.getByTestId('federation-row').first().waitFor();
  await check('federation');
  await robots.drawer().getByRole('button', { name: 'Delete robot account' }).click();
  await robots.confirmDialog().waitFor();
  await check('delete confirmation');
  await robots.confirmDialog().getByRole('button', { name: 'Cancel' }).click();
  await robots.drawer().getByTestId('drawer-close').click();
  await robots.createButton().click();
  await robots.nameInput().fill('X');
  await robots.submitCreate();
  await robots.addMetadata('k', 'v');
  await check('create dialog with errors');
  assert.deepEqual(failures, []);
});

async function axe(page) {
  await injectAxe(page);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

async function streamText(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}
