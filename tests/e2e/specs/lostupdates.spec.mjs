// No lost updates: an OAuth application and a robot's federation are sent whole, so the console
// reads them again just before writing. When someone else changed them between open and save (here:
// the sandbox's API, as another administrator), both versions are shown and the person chooses.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, settle } from '../lib/harness.mjs';
import { RobotsPage, QuayApi } from '../pages/robots.mjs';
import { ApplicationsPage, sandboxApp, quay } from '../pages/applications.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset(); await sandbox.config('ok'); });

const APPS = '/organization/buynlarge/applications';

/** Another administrator edits the application through Quay's API (PUT sends every field). */
async function theyEdit(name, changes) {
  const app = await sandboxApp(name);
  const body = { name: app.name, description: app.description, application_uri: app.application_uri,
    redirect_uri: app.redirect_uri, avatar_email: app.avatar_email, ...changes };
  const r = await quay(`/organization/buynlarge/applications/${app.client_id}`, { method: 'PUT', body });
  assert.equal(r.status, 200);
}

async function openEdit(page) {
  await signInAs(page, { path: APPS });
  const apps = new ApplicationsPage(page);
  await apps.open('Release Notifier');
  await apps.title().filter({ hasText: 'Release Notifier' }).waitFor();
  await page.getByTestId('app-edit').click();
  return apps;
}

test('lost update: an application changed meanwhile shows theirs and yours, field by field; "save mine" overwrites', async (t) => {
  const { page } = await open(t);
  const apps = await openEdit(page);
  const dialog = apps.editDialog();
  await apps.fill(dialog, { description: 'mine' });
  await theyEdit('Release Notifier', { description: 'theirs' });
  await sandbox.clearRequests();
  await dialog.getByTestId('app-save').click();
  const conflict = dialog.getByTestId('conflict');
  await conflict.waitFor();
  const rows = conflict.getByTestId('conflict-row');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /Description/);
  assert.equal(await rows.first().getByTestId('conflict-theirs').textContent(), 'theirs');
  assert.equal(await rows.first().getByTestId('conflict-yours').textContent(), 'mine');
  // Nothing was written yet: only the re-read.
  assert.equal((await sandbox.requests()).filter((r) => r.method === 'PUT').length, 0);
  await conflict.getByTestId('conflict-save-mine').click();
  await page.getByTestId('toast').filter({ hasText: 'saved' }).waitFor();
  assert.equal((await sandboxApp('Release Notifier')).description, 'mine');
});

test('lost update: an application changed meanwhile — "keep theirs" sends nothing and shows their version', async (t) => {
  const { page } = await open(t);
  const apps = await openEdit(page);
  const dialog = apps.editDialog();
  await apps.fill(dialog, { description: 'mine' });
  await theyEdit('Release Notifier', { description: 'theirs', application_uri: 'https://elsewhere.example' });
  await sandbox.clearRequests();
  await dialog.getByTestId('app-save').click();
  const conflict = dialog.getByTestId('conflict');
  await conflict.waitFor();
  assert.equal(await conflict.getByTestId('conflict-row').count(), 2);
  await conflict.getByTestId('conflict-keep-theirs').click();
  await page.locator('dialog[open]').waitFor({ state: 'detached' }).catch(() => {});
  await page.getByText('https://elsewhere.example').first().waitFor();
  await settle(page);
  assert.equal((await sandbox.requests()).filter((r) => r.method === 'PUT').length, 0);
  assert.equal((await sandboxApp('Release Notifier')).description, 'theirs');
});

test('lost update: an edit nobody else touched is saved at once (one re-read, one write)', async (t) => {
  const { page } = await open(t);
  const apps = await openEdit(page);
  await apps.fill(apps.editDialog(), { description: 'only mine' });
  await sandbox.clearRequests();
  await apps.editDialog().getByTestId('app-save').click();
  await page.getByTestId('toast').filter({ hasText: 'saved' }).waitFor();
  const calls = (await sandbox.requests()).filter((r) => r.path.includes('/applications/'));
  assert.deepEqual(calls.map((r) => r.method), ['GET', 'PUT']);
  assert.equal((await sandboxApp('Release Notifier')).description, 'only mine');
});

test('lost update: a federation changed meanwhile shows both lists; keep theirs, then add on top of theirs', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge', '?robot=coolrobot&tab=federation') });
  const rows = page.getByTestId('federation-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  const api = new QuayApi();
  const theirs = [...await api.federation('buynlarge', 'coolrobot'), { issuer: 'https://theirs.example', subject: 'their-subject' }];
  assert.equal((await api.call('POST', '/organization/buynlarge/robots/coolrobot/federation', theirs)).status, 200);
  const form = page.getByTestId('federation-form');
  await form.getByLabel('Issuer').fill('https://mine.example');
  await form.getByLabel('Subject').fill('my-subject');
  await form.getByTestId('fed-add').click();
  const conflict = page.getByTestId('conflict');
  await conflict.waitFor();
  const diff = conflict.getByTestId('conflict-row');
  assert.equal(await diff.count(), 2);
  assert.match(await diff.nth(1).getByTestId('conflict-theirs').textContent(), /theirs\.example · their-subject/);
  assert.match(await diff.nth(1).getByTestId('conflict-yours').textContent(), /mine\.example · my-subject/);
  assert.equal((await api.federation('buynlarge', 'coolrobot')).length, 2, 'nothing overwritten yet');
  await conflict.getByTestId('conflict-keep-theirs').click();
  await conflict.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="federation-row"]').length === 2);
  // The form kept what was typed: adding again now goes on top of their list.
  assert.equal(await form.getByLabel('Subject').inputValue(), 'my-subject');
  await form.getByTestId('fed-add').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="federation-row"]').length === 3);
  assert.deepEqual((await api.federation('buynlarge', 'coolrobot')).map((f) => f.subject).slice(1),
    ['their-subject', 'my-subject']);
});

test('lost update: a federation changed meanwhile — "save mine" sends the list as shown to the person', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: RobotsPage.path('buynlarge', '?robot=coolrobot&tab=federation') });
  await page.getByTestId('federation-row').first().waitFor();
  const api = new QuayApi();
  const before = await api.federation('buynlarge', 'coolrobot');
  await api.call('POST', '/organization/buynlarge/robots/coolrobot/federation', [...before, { issuer: 'https://theirs.example', subject: 'their-subject' }]);
  const form = page.getByTestId('federation-form');
  await form.getByLabel('Issuer').fill('https://mine.example');
  await form.getByLabel('Subject').fill('my-subject');
  await form.getByTestId('fed-add').click();
  await page.getByTestId('conflict').getByTestId('conflict-save-mine').click();
  await page.getByTestId('conflict').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="federation-row"]').length === 2);
  assert.deepEqual((await api.federation('buynlarge', 'coolrobot')).map((f) => f.subject).slice(1), ['my-subject']);
});
