// Sign-in through Quay's implicit flow, the session, and what every request carries.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signIn, approveConsent, sandbox, closeBrowser, settle, CONSOLE } from '../lib/harness.mjs';
import { Shell } from '../pages/shell.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset({ auth: true }); await sandbox.config('ok'); });

test('signs in through the consent page and lands on the namespaces', async (t) => {
  const { page, errors } = await open(t);
  const apiRequests = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/')) apiRequests.push(r); });
  await signIn(page);
  const shell = new Shell(page);
  await assert.doesNotReject(shell.username().waitFor());
  assert.match(await shell.username().textContent(), /devtable/);
  await shell.namespaces().getByText('buynlarge').waitFor();
  await shell.repoRows().first().waitFor();
  // The token and the OAuth parameters are gone from the address bar.
  assert.doesNotMatch(page.url(), /access_token|state=|scope=/);
  assert.equal(await shell.route(), '/');
  // Token in sessionStorage, nothing in localStorage.
  const stored = await page.evaluate(() => ({ s: sessionStorage.getItem('quay-console.token'), l: JSON.stringify(localStorage) }));
  assert.ok(stored.s && JSON.parse(stored.s).access_token);
  assert.doesNotMatch(stored.l, /access_token/);
  // Every API request carried the bearer token and X-Requested-With (seen by the browser and by the sandbox).
  assert.ok(apiRequests.length >= 2, `expected API calls, saw ${apiRequests.length}`);
  for (const r of apiRequests) {
    const h = await r.allHeaders();
    assert.match(h['authorization'] || '', /^Bearer \S+$/, r.url());
    assert.equal(h['x-requested-with'], 'XMLHttpRequest', r.url());
  }
  const journal = await sandbox.requests();
  assert.ok(journal.length >= 2);
  for (const r of journal) {
    assert.equal(r.has_authorization, true, `${r.method} ${r.path}`);
    assert.equal(r.x_requested_with, 'XMLHttpRequest', `${r.method} ${r.path}`);
  }
  assert.deepEqual(errors, []);
});

test('the user namespace lists its repositories, the filter lives in the URL', async (t) => {
  const { page } = await open(t);
  await signIn(page);
  const shell = new Shell(page);
  await shell.namespaces().getByRole('link', { name: /library/ }).click();
  await page.waitForURL(/ns=library/);
  await shell.repoRows().first().waitFor();
  // library has more than one page of repositories: all of them arrive.
  await page.getByTestId('repo-count').filter({ hasText: /150 of 150/ }).waitFor();
  await shell.repoFilter().fill('app-01');
  await page.waitForURL(/q=app-01/);
  const count = await shell.repoRows().count();
  assert.ok(count >= 1 && count < 150, `filtered to ${count}`);
  await page.reload();
  await shell.repoFilter().waitFor();
  assert.equal(await shell.repoFilter().inputValue(), 'app-01');
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes('q=app-01'));
});

test('sign out forgets the token', async (t) => {
  const { page } = await open(t);
  await signIn(page);
  const shell = new Shell(page);
  await shell.signOut();
  await shell.signInButton().waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('quay-console.token')), null);
});

test('a revoked token asks to sign in again and returns to the same route', async (t) => {
  const { page } = await open(t);
  await signIn(page, { path: '/organization/buynlarge/robots' });
  const shell = new Shell(page);
  assert.equal(await shell.route(), '/organization/buynlarge/robots');
  // The page is done loading (its chunk, then its calls) before the token goes.
  await page.getByTestId('robot-row').first().waitFor();
  await settle(page);
  await sandbox.revoke();
  await page.getByRole('link', { name: 'Namespaces' }).first().click();
  await shell.signInNotice().waitFor();
  assert.match(await shell.signInNotice().textContent(), /session has ended/i);
  await page.goto(CONSOLE + 'organization/buynlarge/robots');
  await shell.signInButton().click();
  await approveConsent(page);
  await shell.username().waitFor();
  assert.equal(await shell.route(), '/organization/buynlarge/robots');
});

test('denying the application shows why and offers to retry', async (t) => {
  const { page } = await open(t);
  await signIn(page); // grants once, so the consent page shows next time only after clearing grants
  await new Shell(page).signOut();
  await sandbox.clearGrants();
  await page.getByTestId('sign-in').click();
  await page.getByRole('button', { name: 'Deny' }).click();
  const shell = new Shell(page);
  await shell.signInNotice().waitFor();
  assert.match(await shell.signInNotice().textContent(), /denied/i);
  assert.doesNotMatch(page.url(), /error=/);
  assert.match(await shell.signInButton().textContent(), /try again/i);
});

test('a callback whose state does not match is refused', async (t) => {
  const { page } = await open(t);
  await page.goto(CONSOLE + '?scope=repo%3Aread&state=forged#access_token=stolen&token_type=Bearer&expires_in=100');
  const shell = new Shell(page);
  await shell.signInNotice().waitFor();
  assert.match(await shell.signInNotice().textContent(), /not accepted|not started/i);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('quay-console.token')), null);
  assert.doesNotMatch(page.url(), /access_token/);
});

test('missing or invalid config.json shows the set-up page', async (t) => {
  const { page } = await open(t);
  await sandbox.config('missing');
  await page.goto(CONSOLE);
  await page.getByTestId('setup-page').waitFor();
  assert.match(await page.getByTestId('setup-problems').textContent(), /could not be loaded \(404\)/);
  await sandbox.config('invalid');
  await page.reload();
  await page.getByTestId('setup-problems').waitFor();
  assert.match(await page.getByTestId('setup-problems').textContent(), /config\.json/);
});

test('reload on a deep link keeps the page, back and forward work', async (t) => {
  const { page } = await open(t);
  await signIn(page, { path: '/repository/devtable/simple' });
  const shell = new Shell(page);
  await page.getByTestId('repository-page').waitFor();
  await page.reload();
  await page.getByTestId('repository-page').waitFor();
  assert.equal(await shell.route(), '/repository/devtable/simple');
  await shell.nav().getByRole('link', { name: 'Tags', exact: true }).click();
  await page.waitForURL(/\/tags$/);
  await page.goBack();
  await page.waitForURL(/\/repository\/devtable\/simple$/);
  await page.goForward();
  await page.waitForURL(/\/tags$/);
  await page.goto(CONSOLE + 'no/such/page');
  await page.getByTestId('not-found').waitFor();
});

test('a failing call shows the error view and Retry recovers', async (t) => {
  const { page } = await open(t);
  await signIn(page);
  await sandbox.faults({ fail_paths: [{ method: 'GET', path_contains: '/api/v1/repository/devtable/simple', status: 503, times: 1 }] });
  await page.goto(CONSOLE + 'repository/devtable/simple');
  const error = page.getByTestId('error-view');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-status'), '503');
  assert.match(await error.textContent(), /internal error/i);
  await error.getByRole('button', { name: 'Retry' }).click();
  await page.getByTestId('repository-page').getByRole('link', { name: 'Tags' }).waitFor();
  assert.equal(await page.getByTestId('error-view').count(), 0);
});

test('malformed JSON from Quay is an error message, never a crash', async (t) => {
  const { page, errors } = await open(t);
  await signIn(page);
  await sandbox.faults({ malformed_paths: ['/api/v1/repository/devtable/simple'] });
  await page.goto(CONSOLE + 'repository/devtable/simple');
  await page.getByTestId('error-view').waitFor();
  assert.match(await page.getByTestId('error-view').textContent(), /expected form/);
  assert.deepEqual(errors, []);
  // The shell still works.
  await page.getByRole('link', { name: 'Namespaces' }).first().click();
  await page.getByTestId('repo-row').first().waitFor();
});
