// Who can do what: an organization's default permissions (list, create for a user, a robot and a
// team, with and without an activating user, change the role, delete; a refused create keeps its
// input and shows Quay's message) and the user's authorized applications (one row per grant, the
// console's own marked, revoking another grant, revoking the console's own grant signs out).
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, SANDBOX } from '../lib/harness.mjs';

after(closeBrowser);
// Tokens too: the grants list shows every token the user holds.
beforeEach(async () => { await sandbox.reset({ auth: true }); await sandbox.config('ok'); });

const PROTOS = '/organization/buynlarge/default-permissions';
const rows = (page) => page.getByTestId('proto-row');
const row = (page, name) => rows(page).filter({ has: page.getByTestId('proto-delegate').filter({ hasText: name }) });

async function quayPrototypes() {
  const { access_token } = await sandbox.token({ username: 'devtable' });
  const res = await fetch(`${SANDBOX}/api/v1/organization/buynlarge/prototypes`, {
    headers: { authorization: `Bearer ${access_token}`, 'x-requested-with': 'XMLHttpRequest' },
  });
  return (await res.json()).prototypes;
}

async function create(page, { kind, name, role, activating }) {
  await page.getByTestId('proto-create').click();
  const dialog = page.getByTestId('proto-create-dialog');
  await dialog.getByTestId(`proto-kind-${kind}`).check();
  await dialog.getByTestId('proto-name').fill(name);
  await dialog.getByTestId('proto-new-role').selectOption(role);
  if (activating) await dialog.getByTestId('proto-activating-user').fill(activating);
  await dialog.getByTestId('proto-save').click();
  return dialog;
}

test('default permissions: the list with kinds, roles and activating users, in one bearer call', async (t) => {
  const { page } = await open(t);
  await sandbox.clearRequests();
  await signInAs(page, { path: PROTOS });
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 3);
  assert.match(await row(page, 'readers').getByTestId('proto-kind').textContent(), /Team/);
  assert.equal(await row(page, 'readers').getByTestId('proto-role').inputValue(), 'read');
  assert.match(await row(page, 'readers').getByTestId('proto-activating').textContent(), /devtable/);
  assert.equal(await row(page, 'public').getByTestId('proto-role').inputValue(), 'read');
  assert.match(await page.getByTestId('sidenav').textContent(), /Default permissions/);
  const journal = await sandbox.requests();
  const lists = journal.filter((r) => r.path === '/api/v1/organization/buynlarge/prototypes');
  assert.equal(lists.length, 1);
});

test('default permissions: create for a robot, a team with an activating user, and a user', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: PROTOS });
  await rows(page).first().waitFor();
  let dialog = await create(page, { kind: 'robot', name: 'coolrobot', role: 'write' });
  await dialog.waitFor({ state: 'hidden' });
  await row(page, 'buynlarge+coolrobot').waitFor();
  assert.match(await row(page, 'buynlarge+coolrobot').getByTestId('proto-kind').textContent(), /Robot/);
  assert.match(await row(page, 'buynlarge+coolrobot').getByTestId('proto-activating').textContent(), /Anyone/);
  dialog = await create(page, { kind: 'team', name: 'creators', role: 'admin', activating: 'reader' });
  await dialog.waitFor({ state: 'hidden' });
  await row(page, 'creators').waitFor();
  assert.match(await row(page, 'creators').getByTestId('proto-activating').textContent(), /reader/);
  dialog = await create(page, { kind: 'user', name: 'member', role: 'read' });
  await dialog.waitFor({ state: 'hidden' });
  await row(page, 'member').waitFor();
  assert.equal(await rows(page).count(), 6);
  const quay = await quayPrototypes();
  const robot = quay.find((p) => p.delegate.name === 'buynlarge+coolrobot');
  assert.equal(robot.role, 'write');
  assert.equal(robot.activating_user, null);
  assert.equal(robot.delegate.is_robot, true);
  const team = quay.find((p) => p.delegate.name === 'creators');
  assert.deepEqual([team.delegate.kind, team.role, team.activating_user.name], ['team', 'admin', 'reader']);
  assert.ok(quay.find((p) => p.delegate.name === 'member' && p.delegate.kind === 'user'));
});

test('default permissions: checked before sending; a refused create shows Quay\'s message and keeps the input', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: PROTOS });
  await rows(page).first().waitFor();
  await sandbox.clearRequests();
  let dialog = await create(page, { kind: 'robot', name: 'library+syncbot', role: 'read' });
  await dialog.getByTestId('proto-problem').filter({ hasText: /belong to this organization/ }).waitFor();
  await dialog.getByTestId('proto-name').fill('');
  await dialog.getByTestId('proto-save').click();
  await dialog.getByTestId('proto-problem').filter({ hasText: /Enter a name/ }).waitFor();
  const sent = (await sandbox.requests()).filter((r) => r.method === 'POST');
  assert.equal(sent.length, 0, 'nothing was sent');
  await dialog.getByTestId('proto-kind-user').check();
  await dialog.getByTestId('proto-name').fill('nobodyatall');
  await dialog.getByTestId('proto-save').click();
  await dialog.getByTestId('form-error').filter({ hasText: 'Missing delegate user or team' }).waitFor();
  assert.equal(await dialog.getByTestId('proto-name').inputValue(), 'nobodyatall');
  await dialog.getByTestId('proto-name').fill('member');
  await dialog.getByTestId('proto-activating-user').fill('ghost');
  await dialog.getByTestId('proto-save').click();
  await dialog.getByTestId('form-error').filter({ hasText: 'Unknown activating user' }).waitFor();
  assert.equal(await dialog.getByTestId('proto-activating-user').inputValue(), 'ghost');
  assert.equal(await dialog.getByTestId('proto-name').inputValue(), 'member');
  assert.equal((await quayPrototypes()).length, 3);
});

test('default permissions: change the role, delete behind a confirmation', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: PROTOS });
  await rows(page).first().waitFor();
  await row(page, 'readers').getByTestId('proto-role').selectOption('admin');
  await page.getByText(/readers now gets Admin/).waitFor();
  assert.equal((await quayPrototypes()).find((p) => p.delegate.name === 'readers').role, 'admin');
  await row(page, 'public').getByTestId('proto-delete').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByText(/public/).first().waitFor();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await rows(page).count(), 3);
  await row(page, 'public').getByTestId('proto-delete').click();
  await confirm.getByTestId('confirm-ok').click();
  await row(page, 'public').waitFor({ state: 'detached' });
  assert.equal(await rows(page).count(), 2);
  assert.equal((await quayPrototypes()).length, 2);
});

test('default permissions: a refused role change shows Quay\'s words and the role Quay holds; two changes at once send one', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: PROTOS });
  const select = () => row(page, 'readers').getByTestId('proto-role');
  await select().waitFor();
  await sandbox.faults({ fail_paths: [{ method: 'PUT', path_contains: '/prototypes/', status: 400, message: 'Cannot change that prototype now', times: 1 }] });
  await select().selectOption('admin');
  await page.getByTestId('toast').filter({ hasText: 'Cannot change that prototype now' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="proto-role"]:not([disabled])'));
  assert.equal(await select().inputValue(), 'read', 'the select shows the role Quay still holds');
  assert.equal((await quayPrototypes()).find((p) => p.delegate.name === 'readers').role, 'read');

  await sandbox.clearFaults();
  await sandbox.clearRequests();
  await sandbox.faults({ latency_ms: 400 });
  await select().evaluate((el) => {
    for (const value of ['write', 'admin']) {
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
  await page.getByText(/readers now gets Write/).waitFor();
  await page.waitForTimeout(800);
  await sandbox.clearFaults();
  const puts = (await sandbox.requests()).filter((r) => r.method === 'PUT' && r.path.includes('/prototypes/'));
  assert.equal(puts.length, 1, puts.map((r) => r.path).join(', '));
  assert.equal(await select().inputValue(), 'write');
  assert.equal((await quayPrototypes()).find((p) => p.delegate.name === 'readers').role, 'write');
});

const GRANTS = '/user/authorizations';
const grantRows = (page) => page.getByTestId('grant-row');

test('authorized applications: one row per grant, the console\'s own marked, dangerous scopes marked', async (t) => {
  const { page } = await open(t);
  await sandbox.token({ username: 'devtable', client_id: 'deadbeef', scopes: ['repo:read', 'org:admin'] });
  await signInAs(page, { path: GRANTS });
  await grantRows(page).first().waitFor();
  assert.equal(await grantRows(page).count(), 2);
  const own = grantRows(page).filter({ hasText: 'Quay Console' });
  await own.getByTestId('grant-console').waitFor();
  const other = grantRows(page).filter({ hasText: 'Some Test App' });
  assert.equal(await other.getByTestId('grant-console').count(), 0);
  assert.match(await other.getByTestId('grant-org').textContent(), /buynlarge/);
  const dangerous = other.locator('[data-scope="org:admin"]');
  await dangerous.getByTestId('grant-dangerous').waitFor();
  assert.equal(await other.locator('[data-scope="repo:read"]').getByTestId('grant-dangerous').count(), 0);
  assert.match(await page.getByTestId('sidenav').textContent(), /Authorized applications/);
});

test('authorized applications: revoking another grant keeps this tab signed in', async (t) => {
  const { page } = await open(t);
  const other = await sandbox.token({ username: 'devtable', client_id: 'deadbeef', scopes: ['repo:read'] });
  await signInAs(page, { path: GRANTS });
  await grantRows(page).first().waitFor();
  await grantRows(page).filter({ hasText: 'Some Test App' }).getByTestId('grant-revoke').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByText(/Some Test App/).waitFor();
  await confirm.getByTestId('confirm-ok').click();
  await grantRows(page).filter({ hasText: 'Some Test App' }).waitFor({ state: 'detached' });
  // The list is read again after a revoke: wait for it before counting.
  await grantRows(page).filter({ hasText: 'Quay Console' }).waitFor();
  assert.equal(await grantRows(page).count(), 1);
  await page.getByTestId('username').waitFor();
  const res = await fetch(`${SANDBOX}/api/v1/user/`, { headers: { authorization: `Bearer ${other.access_token}`, 'x-requested-with': 'XMLHttpRequest' } });
  assert.equal(res.status, 401);
});

test('authorized applications: revoking the console\'s own grant says so, then signs this tab out', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: GRANTS });
  await grantRows(page).first().waitFor();
  await grantRows(page).filter({ hasText: 'Quay Console' }).getByTestId('grant-revoke').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByText(/this tab is signed out/).waitFor();
  await confirm.getByTestId('confirm-ok').click();
  await page.getByTestId('sign-in').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('quay-console.token')), null);
});

test('authorized applications: without user:admin the page says which scope is missing', async (t) => {
  const { page } = await open(t);
  await sandbox.clearRequests();
  await signInAs(page, { path: GRANTS, scopes: ['repo:read', 'user:read'] });
  await page.getByText(/user:admin/).first().waitFor();
  const asked = (await sandbox.requests()).filter((r) => r.path === '/api/v1/user/authorizations');
  assert.equal(asked.length, 0);
});
