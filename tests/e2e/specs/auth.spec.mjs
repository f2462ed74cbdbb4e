// Sign-in through Quay's implicit flow, the session, and what every request carries.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signIn, approveConsent, sandbox, closeBrowser, settle, CONSOLE } from '../lib/harness.mjs';
import { Shell } from '../pages/shell.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset({ auth: true }); await sandbox.config('ok'); });

test('no Quay session: Sign in → Quay sign-in → consent → back on the route started from', async (t) => {
  const { page, errors } = await open(t);
  const apiRequests = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/')) apiRequests.push(r); });
  await page.goto(CONSOLE + 'repository/devtable/simple/tags?filter=la');
  await page.getByTestId('sign-in').click();
  // Quay's own sign-in page (the authorize page would answer a bare 401 without a session).
  await page.waitForURL(/\/signin\b/);
  await page.getByLabel('Username').fill('devtable');
  await page.getByLabel('Password').fill('password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Back in the console, which checks again and goes on to the consent page by itself.
  await page.waitForURL(/\/oauth\/authorize/);
  await approveConsent(page);
  const shell = new Shell(page);
  await shell.username().waitFor();
  assert.match(await shell.username().textContent(), /devtable/);
  assert.equal(await shell.route(), '/repository/devtable/simple/tags?filter=la');
  await page.getByTestId('tag-row').first().waitFor();
  // The token, the OAuth parameters and the nonce are gone from the address bar.
  assert.doesNotMatch(page.url(), /access_token|state=|scope=|cb=/);
  // Token in sessionStorage, nothing in localStorage.
  const stored = await page.evaluate(() => ({ s: sessionStorage.getItem('quay-console.token'), l: JSON.stringify(localStorage) }));
  assert.ok(stored.s && JSON.parse(stored.s).access_token);
  assert.doesNotMatch(stored.l, /access_token/);
  // Before sign-in, only the cheap token-less probes (Quay's session, the application); after,
  // every call carries the bearer token; all carry X-Requested-With.
  const headers = await Promise.all(apiRequests.map(async (r) => [r.url(), await r.allHeaders()]));
  const firstBearer = headers.findIndex(([, h]) => h['authorization']);
  assert.ok(firstBearer > 0, 'the session probe ran before any bearer call');
  for (const [url, h] of headers.slice(0, firstBearer)) {
    assert.match(url, /\/api\/v1\/(user\/|app\/)/, url);
  }
  for (const [url, h] of headers.slice(firstBearer)) {
    assert.match(h['authorization'] || '', /^Bearer \S+$/, url);
  }
  for (const [url, h] of headers) assert.equal(h['x-requested-with'], 'XMLHttpRequest', url);
  assert.deepEqual(errors, []);
});

test('already signed in to Quay: Sign in goes straight to the consent page', async (t) => {
  const { page } = await open(t);
  await signIn(page);
  await new Shell(page).signOut();
  await sandbox.clearGrants();
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/oauth\/authorize/);
  await approveConsent(page);
  await new Shell(page).username().waitFor();
});

test('a non-admin of the application\'s organization is told so, never sent to a 403', async (t) => {
  const { page } = await open(t);
  const statuses = [];
  page.on('response', (r) => { if (r.request().isNavigationRequest()) statuses.push(`${r.status()} ${r.url()}`); });
  await page.goto(CONSOLE + 'organization/buynlarge/robots');
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/signin\b/);
  await page.getByLabel('Username').fill('reader');
  await page.getByLabel('Password').fill('password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const why = page.getByTestId('not-org-admin');
  await why.waitFor();
  const text = await why.textContent();
  assert.match(text, /buynlarge/);
  assert.match(text, /reader/);
  assert.match(text, /administrator/i);
  assert.ok(!statuses.some((s) => /^40[13] /.test(s)), `navigations: ${statuses.join(', ')}`);
  assert.doesNotMatch(page.url(), /oauth/);
  // A second try (still not an admin) says the same, without leaving.
  await page.getByTestId('sign-in').click();
  await why.waitFor();
  assert.doesNotMatch(page.url(), /oauth/);
});

test('when the console cannot see Quay\'s session, it says what Quay will ask before going there', async (t) => {
  const { page } = await open(t);
  // As on another origin whose CORS allows no cookies: the session probe gets no usable answer.
  await sandbox.faults({ fail_paths: [{ method: 'GET', path_contains: '/api/v1/user/', status: 502, times: 5 }] });
  await page.goto(CONSOLE + 'organization/buynlarge/robots');
  await page.getByTestId('sign-in').click();
  const info = page.getByTestId('cannot-tell');
  await info.waitFor();
  const text = await info.textContent();
  assert.match(text, /Unauthorized/);
  assert.match(text, /Forbidden/);
  assert.match(text, /buynlarge/);
  assert.match(await page.getByTestId('quay-signin-link').getAttribute('href'), /\/signin$/);
  assert.doesNotMatch(page.url(), /oauth|signin/);
  await sandbox.clearFaults();
  await page.getByTestId('continue-to-quay').click();
  // Quay's own answer without a session (a bare 401), as the page said.
  await page.waitForURL(/\/oauth\/authorize/);
});

test('sign out everywhere revokes the console\'s grants: the old token is refused by Quay', async (t) => {
  const { page } = await open(t);
  await signIn(page);
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('quay-console.token')).access_token);
  const before = await fetch(`${CONSOLE.replace(/\/console\/$/, '')}/api/v1/user/`, { headers: { authorization: `Bearer ${token}`, 'x-requested-with': 'XMLHttpRequest' } });
  assert.equal(before.status, 200);
  await page.getByTestId('sign-out-everywhere').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
  await new Shell(page).signInButton().waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('quay-console.token')), null);
  const after = await fetch(`${CONSOLE.replace(/\/console\/$/, '')}/api/v1/user/`, { headers: { authorization: `Bearer ${token}`, 'x-requested-with': 'XMLHttpRequest' } });
  assert.equal(after.status, 401);
  assert.equal((await after.json()).error_type, 'invalid_token');
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

/** Puts a pending sign-in in this tab's storage, as "Sign in" does before leaving for Quay. */
async function pendingSignIn(page, { state = 's1', nonce = 'n1' } = {}) {
  await page.goto(CONSOLE + 'config.json');
  await page.evaluate((p) => sessionStorage.setItem('quay-console.pending', JSON.stringify(p)),
    { state, nonce, return_to: '/', scopes: ['repo:read', 'user:read', 'org:admin'] });
}

test('forged callbacks (missing, wrong or reused nonce; with or without state) are refused', async (t) => {
  const { page } = await open(t);
  const shell = new Shell(page);
  const minted = await sandbox.token({ username: 'devtable' });
  const fragment = `#access_token=${minted.access_token}&token_type=Bearer&expires_in=315576000`;
  const forged = [
    '?scope=repo%3Aread&state=s1', // no nonce, right state
    '?scope=repo%3Aread', // no nonce, no state (the old state-less window)
    '?cb=n2&scope=repo%3Aread&state=s1', // wrong nonce
    '?cb=n2&scope=repo%3Aread', // wrong nonce, no state
    '?cb=n1&scope=repo%3Aread&state=s2', // right nonce, wrong state
  ];
  for (const query of forged) {
    await pendingSignIn(page);
    await sandbox.clearRequests();
    await page.goto(CONSOLE + query + fragment);
    await shell.signInNotice().waitFor();
    assert.match(await shell.signInNotice().textContent(), /not accepted/i, query);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('quay-console.token')), null, query);
    assert.doesNotMatch(page.url(), /access_token|cb=|state=/, query);
    // The discarded token was never used.
    assert.ok((await sandbox.requests()).every((r) => !r.has_authorization), query);
  }
  // The right nonce with or without state is accepted once; the same callback again is refused.
  for (const query of ['?cb=n1&scope=repo%3Aread+user%3Aread&state=s1', '?cb=n1&scope=repo%3Aread+user%3Aread']) {
    await pendingSignIn(page);
    await page.goto(CONSOLE + query + fragment);
    await shell.username().waitFor();
    await shell.signOut();
    await page.goto(CONSOLE + query + fragment);
    await shell.signInNotice().waitFor();
    assert.match(await shell.signInNotice().textContent(), /not started from this tab|already used/i);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('quay-console.token')), null);
  }
});

test('a pending sign-in is forgotten when the console loads without a callback', async (t) => {
  const { page } = await open(t);
  await pendingSignIn(page);
  await page.goto(CONSOLE);
  await new Shell(page).signInButton().waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('quay-console.pending')), null);
});

test('the token leaves the address bar even when config.json fails', async (t) => {
  const { page } = await open(t);
  await sandbox.config('missing');
  await page.goto(CONSOLE + '?cb=n1&scope=repo%3Aread&state=s1#access_token=secret-token&token_type=Bearer');
  await page.getByTestId('setup-page').waitFor();
  assert.doesNotMatch(page.url(), /secret-token|access_token|cb=|state=/);
  const history = await page.evaluate(() => location.href);
  assert.doesNotMatch(history, /secret-token/);
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
