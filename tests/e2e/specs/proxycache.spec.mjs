// An organization's proxy cache: Quay's rules said before the form; the form checked as Quay
// checks it (nothing sent while it is wrong); a connection check that reads Quay's refusal and its
// "Anonymous" answer; creation, a deep link showing it, deletion behind a confirmation; the
// feature turned off.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, CONSOLE } from '../lib/harness.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset(); await sandbox.config('ok'); });

const PAGE = '/organization/proxytest/proxy-cache';
const proxyCalls = async () => (await sandbox.requests())
  .filter((r) => /\/organization\/proxytest\/(proxycache|validateproxycache)$/.test(r.path));

test('proxy cache: checked, refused, validated, created, shown by a deep link, deleted', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: PAGE });
  await page.getByTestId('proxy-none').waitFor();
  assert.match(await page.getByTestId('proxy-rules').textContent(), /immutable/);
  assert.match(await page.getByTestId('sidenav').textContent(), /Proxy cache/);
  await sandbox.clearRequests();

  // Quay's shape is host[:port][/namespace]: a scheme is refused before anything is sent.
  await page.getByTestId('proxy-upstream-input').fill('https://docker.io');
  await page.getByTestId('proxy-username-input').fill('bot');
  await page.getByTestId('proxy-save').click();
  await page.getByTestId('proxy-upstream-problem').filter({ hasText: 'http' }).waitFor();
  assert.match(await page.getByTestId('proxy-form').textContent(), /both a user name and a password/);
  assert.equal((await proxyCalls()).length, 0, 'nothing sent while the form is wrong');

  // An upstream Quay cannot reach: its message, and the input stays.
  await page.getByTestId('proxy-upstream-input').fill('registry.invalid:5000');
  await page.getByTestId('proxy-username-input').fill('');
  await page.getByTestId('proxy-check').click();
  await page.getByTestId('form-error').filter({ hasText: 'Failed login to remote registry' }).waitFor();
  assert.equal(await page.getByTestId('proxy-upstream-input').inputValue(), 'registry.invalid:5000');

  // A reachable one without credentials: Quay says it will pull anonymously.
  await page.getByTestId('proxy-upstream-input').fill('docker.io');
  await page.getByTestId('proxy-check').click();
  await page.getByTestId('proxy-checked').filter({ hasText: 'anonymously' }).waitFor();
  await page.getByTestId('proxy-expiration-input').fill('7200');
  await page.getByTestId('proxy-save').click();
  await page.getByTestId('proxy-config').waitFor();
  assert.equal(await page.getByTestId('proxy-upstream').textContent(), 'docker.io');
  assert.match(await page.getByTestId('proxy-expiration').textContent(), /2 hour/);
  const posts = (await proxyCalls()).filter((r) => r.method === 'POST' && r.path.endsWith('/proxycache'));
  assert.equal(posts.length, 1);
  assert.equal(posts[0].status, 201);

  // A deep link shows what Quay stored.
  await page.goto(CONSOLE + PAGE.slice(1));
  await page.getByTestId('proxy-config').waitFor();
  assert.equal(await page.getByTestId('proxy-upstream').textContent(), 'docker.io');

  // Deleting asks first; cancelling keeps it.
  await page.getByTestId('proxy-delete').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.getByTestId('proxy-config').count(), 1);
  await page.getByTestId('proxy-delete').click();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('proxy-none').waitFor();
  const deletes = (await proxyCalls()).filter((r) => r.method === 'DELETE');
  assert.equal(deletes.length, 1);
  assert.deepEqual(errors, []);
});

test('proxy cache: an existing one is shown; with the feature off the page says so and asks nothing', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/organization/proxyorg/proxy-cache' });
  await page.getByTestId('proxy-config').waitFor();
  assert.equal(await page.getByTestId('proxy-upstream').textContent(), 'docker.io');
  assert.match(await page.getByTestId('proxy-expiration').textContent(), /1 day/);

  await sandbox.call('POST', 'features', { PROXY_CACHE: false });
  const { page: off } = await open(t);
  await signInAs(off, { path: PAGE });
  await off.getByTestId('proxy-off').waitFor();
  await sandbox.clearRequests();
  await off.reload();
  await off.getByTestId('proxy-off').waitFor();
  await off.waitForTimeout(300);
  assert.equal((await proxyCalls()).length, 0);
  assert.match(await off.getByTestId('sidenav').textContent(), /Proxy cache\s*\(off\)/);
});
