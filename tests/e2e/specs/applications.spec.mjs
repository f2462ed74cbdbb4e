// The applications area against the sandbox: an organization's OAuth applications (list, filter,
// create, edit, reset secret, delete, the redirect-URI check, generating a token through Quay's
// authorize flow) and the user's app-specific tokens (list, expiring filter, create, revoke).
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, approveConsent, sandbox, closeBrowser, CONSOLE } from '../lib/harness.mjs';
import { ApplicationsPage, AppTokensPage, quay, sandboxApp } from '../pages/applications.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset({ auth: true }); await sandbox.config('ok'); });

const APPS = '/organization/buynlarge/applications';

test('lists the applications with their redirect verdicts; the filter lives in the URL', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: APPS });
  const apps = new ApplicationsPage(page);
  await apps.row('Release Notifier').waitFor();
  assert.equal(await apps.rows().count(), 4);
  assert.match(await apps.row('Quay Console').getByTestId('fit-badge').textContent(), /this console/);
  assert.match(await apps.row('Some Test App').getByTestId('fit-badge').textContent(), /does not reach/);
  assert.match(await apps.row('Release Notifier').textContent(), /release-bot@buynlarge\.example/);
  await apps.filter().fill('notif');
  await page.waitForURL(/q=notif/);
  assert.equal(await apps.rows().count(), 1);
  await page.reload();
  await apps.row('Release Notifier').waitFor();
  assert.equal(await apps.rows().count(), 1);
  assert.equal(await apps.filter().inputValue(), 'notif');
  await apps.filter().fill('zzz');
  await page.getByTestId('empty-state').filter({ hasText: 'zzz' }).waitFor();
  assert.deepEqual(errors, []);
});

test('creates an application after validating it, and keeps the input when Quay refuses', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: APPS });
  const apps = new ApplicationsPage(page);
  await apps.createButton().click();
  const dialog = apps.createDialog();
  await dialog.getByTestId('app-save').click();
  await dialog.getByTestId('app-name-problem').filter({ hasText: 'Enter a name' }).waitFor();
  await apps.fill(dialog, { name: 'CI dashboard', redirectUri: 'not a url', avatarEmail: 'ci@' });
  await dialog.getByTestId('app-save').click();
  await dialog.getByTestId('app-redirect-uri-problem').filter({ hasText: 'full address' }).waitFor();
  assert.match(await dialog.getByTestId('app-avatar-email-problem').textContent(), /e-mail/);
  assert.equal(await sandboxApp('CI dashboard'), undefined, 'nothing was sent');
  // The console's own address in one click.
  await dialog.getByTestId('use-console-redirect').click();
  assert.equal(await dialog.getByTestId('app-redirect-uri').inputValue(), CONSOLE);
  await apps.fill(dialog, { avatarEmail: 'ci@buynlarge.example', description: 'Shows CI builds' });
  // Quay refuses once: the message shows on the form and nothing typed is lost.
  await sandbox.faults({ fail_paths: [{ method: 'POST', path_contains: '/applications', status: 400, times: 1 }] });
  await dialog.getByTestId('app-save').click();
  await dialog.getByTestId('form-error').waitFor();
  assert.equal(await dialog.getByTestId('app-name').inputValue(), 'CI dashboard');
  assert.equal(await dialog.getByTestId('app-avatar-email').inputValue(), 'ci@buynlarge.example');
  await dialog.getByTestId('app-save').click();
  await page.waitForURL(/\?app=/);
  await apps.title().filter({ hasText: 'CI dashboard' }).waitFor();
  const created = await sandboxApp('CI dashboard');
  assert.equal(created.redirect_uri, CONSOLE);
  assert.equal(created.avatar_email, 'ci@buynlarge.example');
  assert.equal(created.description, 'Shows CI builds');
  assert.equal(await apps.clientId().textContent(), created.client_id);
  assert.equal(await apps.check('signin').getAttribute('data-ok'), 'true');
  assert.equal(await apps.check('tokens').getAttribute('data-ok'), 'true');
  // Back to the list (browser back) shows it.
  await page.getByTestId('back-to-list').click();
  await apps.row('CI dashboard').waitFor();
});

test('an edit sends every field, so the avatar e-mail stays', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: APPS });
  const apps = new ApplicationsPage(page);
  await apps.open('Release Notifier');
  await apps.title().filter({ hasText: 'Release Notifier' }).waitFor();
  await page.getByTestId('app-edit').click();
  const dialog = apps.editDialog();
  assert.equal(await dialog.getByTestId('app-avatar-email').inputValue(), 'release-bot@buynlarge.example');
  await apps.fill(dialog, { description: 'Posts release tags to #releases' });
  await dialog.getByTestId('app-save').click();
  await page.getByTestId('toast').filter({ hasText: 'saved' }).waitFor();
  const saved = await sandboxApp('Release Notifier');
  assert.equal(saved.description, 'Posts release tags to #releases');
  assert.equal(saved.avatar_email, 'release-bot@buynlarge.example');
  assert.equal(saved.redirect_uri, 'https://notifier.buynlarge.example/oauth/callback');
  assert.equal(saved.application_uri, 'https://notifier.buynlarge.example');
  assert.equal(await page.getByTestId('app-avatar-email').textContent(), 'release-bot@buynlarge.example');
  const journal = await sandbox.requests();
  assert.ok(journal.some((r) => r.method === 'PUT' && r.path.includes('/applications/RELEASENOTIFIER00001')));
});

test('the client secret is masked, revealed on demand and reset after a warning', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `${APPS}?app=deadpork` });
  const apps = new ApplicationsPage(page);
  await apps.title().filter({ hasText: 'Some Other Test App' }).waitFor();
  const before = (await sandboxApp('Some Other Test App')).client_secret;
  assert.doesNotMatch(await apps.secret().textContent(), new RegExp(before));
  assert.match(await apps.secret().textContent(), /^•+.{4}$/);
  await page.getByTestId('reveal-secret').click();
  assert.equal(await apps.secret().textContent(), before);
  await page.getByTestId('reveal-secret').click();
  await page.getByTestId('reset-secret').click();
  await apps.confirmDialog().getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await sandboxApp('Some Other Test App')).client_secret, before);
  await page.getByTestId('reset-secret').click();
  assert.match(await apps.confirmDialog().textContent(), /stops working/);
  await apps.confirmDialog().getByTestId('confirm-ok').click();
  await page.getByTestId('toast').filter({ hasText: 'Client secret reset' }).waitFor();
  const after = (await sandboxApp('Some Other Test App')).client_secret;
  assert.notEqual(after, before);
  assert.equal(await apps.secret().textContent(), after);
});

test('deleting asks first; the console\'s own application needs its name typed', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `${APPS}?app=deadbeef` });
  const apps = new ApplicationsPage(page);
  await apps.title().filter({ hasText: 'Some Test App' }).waitFor();
  await page.getByTestId('app-delete').click();
  await apps.confirmDialog().getByRole('button', { name: 'Cancel' }).click();
  assert.ok(await sandboxApp('Some Test App'));
  await page.getByTestId('app-delete').click();
  await apps.confirmDialog().getByTestId('confirm-ok').click();
  await page.waitForURL((u) => !u.search.includes('app='));
  await apps.row('Quay Console').waitFor();
  assert.equal(await apps.row('Some Test App').count(), 0);
  assert.equal(await sandboxApp('Some Test App'), undefined);
  // The console's own application.
  await apps.open('Quay Console');
  await apps.title().filter({ hasText: 'Quay Console' }).waitFor();
  await page.getByTestId('app-delete').click();
  assert.match(await apps.confirmDialog().textContent(), /signed out/);
  assert.equal(await apps.confirmDialog().getByTestId('confirm-ok').isDisabled(), true);
  await apps.confirmDialog().getByRole('button', { name: 'Cancel' }).click();
});

test('an application whose redirect URI cannot reach the console cannot generate tokens', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `${APPS}?app=deadbeef` });
  const apps = new ApplicationsPage(page);
  await apps.check('tokens').waitFor();
  assert.equal(await apps.check('tokens').getAttribute('data-ok'), 'false');
  assert.match(await apps.check('tokens').textContent(), /does not work/);
  // One reason for both, said once.
  assert.equal(await page.getByTestId('check-note').count(), 1);
  assert.match(await page.getByTestId('check-note').textContent(), /localhost:8000.*this console runs at/);
  assert.equal(await apps.check('signin').getAttribute('data-ok'), 'false');
  assert.equal(await page.getByTestId('needed-redirect').textContent(), CONSOLE);
  assert.equal(await apps.generateButton().isDisabled(), true);
  await page.getByTestId('generate-blocked').waitFor();
});

/** Creates an application whose redirect URI is this console, and opens it. */
async function appForTokens(page, name) {
  const { json } = await quay('/organization/buynlarge/applications', {
    method: 'POST', body: { name, redirect_uri: CONSOLE, application_uri: CONSOLE },
  });
  await signInAs(page, { path: `${APPS}?app=${json.client_id}` });
  await new ApplicationsPage(page).title().filter({ hasText: name }).waitFor();
  return json.client_id;
}

/**
 * On Quay's pages: signs in when asked (the browser has no Quay session yet: Quay's /signin, or the
 * sandbox's --friendly-signin form on /oauth/authorize), then consents.
 */
async function throughQuay(page, { deny = false } = {}) {
  await page.waitForURL(/\/(signin|oauth)\b/);
  if (await page.getByLabel('Username').isVisible().catch(() => false)) {
    await page.getByLabel('Username').fill('devtable');
    await page.getByLabel('Password').fill('password');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  if (deny) {
    await page.getByRole('button', { name: 'Deny' }).click();
  } else {
    await approveConsent(page);
  }
}

const sessionToken = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('quay-console.token') || 'null'));

test('generates a token for an application through Quay and shows it once, without signing in with it', async (t) => {
  const { page, errors } = await open(t);
  const clientId = await appForTokens(page, 'Token maker');
  const apps = new ApplicationsPage(page);
  const before = await sessionToken(page);
  await apps.generateButton().click();
  await page.getByTestId('scope-problem').waitFor();
  await apps.scope('repo:read').check();
  await apps.generateButton().click();
  await throughQuay(page);
  await apps.tokenOnce().waitFor();
  const token = await page.getByTestId('generated-token').textContent();
  assert.match(token, /^\w{20,}$/);
  assert.equal(await page.getByTestId('generated-scopes').textContent(), 'repo:read');
  // Back on the application's page, still signed in as before, the token and state out of the URL.
  assert.equal(new URL(page.url()).search, `?app=${clientId}`);
  assert.doesNotMatch(page.url(), /access_token|state=/);
  assert.deepEqual(await sessionToken(page), before);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('quay-console.pending-app-token')), null);
  assert.doesNotMatch(await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage)), new RegExp(token));
  // The token is real, belongs to that application and has only what was asked.
  assert.equal((await quay('/repository?namespace=devtable', { token })).status, 200);
  assert.equal((await quay('/organization/buynlarge/applications', { token })).status, 403);
  await apps.issuedRows().filter({ hasText: 'repo:read' }).waitFor();
  // Shown once: gone after Done, and after a reload.
  await page.getByTestId('token-once-done').click();
  await apps.tokenOnce().waitFor({ state: 'hidden' });
  await page.reload();
  await apps.title().waitFor();
  assert.equal(await page.getByTestId('generated-token').count(), 0);
  // Revoking it from the application's token list ends it.
  await apps.issuedRows().filter({ hasText: 'repo:read' }).getByTestId('issued-revoke').click();
  assert.match(await apps.confirmDialog().textContent(), /devtable.*repo:read/);
  await apps.confirmDialog().getByTestId('confirm-ok').click();
  await page.getByTestId('toast').filter({ hasText: 'Token revoked' }).waitFor();
  await apps.issuedRows().first().waitFor({ state: 'detached' });
  assert.equal((await quay('/repository?namespace=devtable', { token })).status, 401);
  assert.deepEqual(errors, []);
});

test('sensitive scopes (Quay drops state) and a denial are handled as the application\'s, not as sign-ins', async (t) => {
  const { page } = await open(t);
  await appForTokens(page, 'Org admin tool');
  const apps = new ApplicationsPage(page);
  const before = await sessionToken(page);
  await apps.scope('org:admin').check();
  await apps.generateButton().click();
  await throughQuay(page);
  await apps.tokenOnce().waitFor();
  assert.equal(await page.getByTestId('generated-scopes').textContent(), 'org:admin');
  assert.deepEqual(await sessionToken(page), before);
  await page.getByTestId('token-once-done').click();
  // Denied this time.
  await sandbox.clearGrants();
  await apps.scope('repo:write').check();
  await apps.generateButton().click();
  await throughQuay(page, { deny: true });
  await page.getByTestId('generate-denied').waitFor();
  assert.deepEqual(await sessionToken(page), before);
  await page.getByTestId('username').waitFor();
});

test('app-specific tokens: expiring filter, create with login lines shown once, revoke', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: '/user/apptokens' });
  const tokens = new AppTokensPage(page);
  await tokens.row('laptop podman').waitFor();
  assert.equal(await tokens.rows().count(), 4);
  assert.match(await tokens.row('old backup script').textContent(), /expired/);
  await tokens.expiringFilter().check();
  await page.waitForURL(/expiring=true/);
  await tokens.row('CI pipeline').getByTestId('expiry-badge').waitFor();
  assert.equal(await tokens.rows().count(), 1);
  await page.goBack();
  await tokens.row('laptop podman').waitFor();
  assert.equal(await tokens.expiringFilter().isChecked(), false);

  await tokens.createButton().click();
  const dialog = tokens.dialog();
  await dialog.getByTestId('apptoken-save').click();
  await dialog.getByTestId('apptoken-title-problem').filter({ hasText: 'Enter a title' }).waitFor();
  await dialog.getByTestId('apptoken-title').fill('laptop docker');
  await dialog.getByTestId('apptoken-save').click();
  const code = await dialog.getByTestId('apptoken-code').textContent();
  assert.equal(code.length, 120);
  const host = new URL(CONSOLE).host;
  assert.equal(await dialog.getByTestId('login-docker').textContent(), `docker login -u='devtable' -p='${code}' ${host}`);
  assert.match(await dialog.getByTestId('login-podman').textContent(), /^podman login -u='devtable'/);
  await dialog.getByTestId('apptoken-done').click();
  await tokens.row('laptop docker').waitFor();
  assert.doesNotMatch(await page.content(), new RegExp(code));
  const listed = (await quay('/user/apptoken')).json.tokens;
  assert.ok(listed.some((x) => x.title === 'laptop docker'));

  await tokens.row('laptop docker').getByTestId('apptoken-revoke').click();
  assert.match(await page.getByTestId('confirm-dialog').textContent(), /laptop docker/);
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('toast').filter({ hasText: 'revoked' }).waitFor();
  await tokens.row('laptop docker').waitFor({ state: 'detached' });
  assert.ok(!(await quay('/user/apptoken')).json.tokens.some((x) => x.title === 'laptop docker'));
  assert.deepEqual(errors, []);
});
