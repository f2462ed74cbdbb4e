// The console behind real nginx with deploy/nginx.conf, in front of a whole "Quay" (the sandbox):
// sign-in goes through Quay's own /signin page behind nginx, the strict CSP holds (the harness fails a
// test on any violation), the console carries the production headers and everything else is Quay's.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { open, signIn, sandbox, closeBrowser, CONSOLE } from '../lib/harness.mjs';

after(closeBrowser);
before(async () => { await sandbox.reset({ auth: true }); await sandbox.config('ok'); });

const ORIGIN = new URL(CONSOLE).origin;

test('signs in through nginx and Quay\'s /signin page with zero CSP violations', async (t) => {
  // A fresh context: no Quay session, so the console must go through Quay's /signin.
  const { page, log, cspViolations } = await open(t);
  const visited = [];
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) visited.push(f.url()); });
  const res = await page.goto(CONSOLE);
  const h = res.headers();
  assert.match(h['content-security-policy'] || '', /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(h['content-security-policy'] || '', /unsafe-inline|'unsafe-eval'/);
  assert.match(h['cache-control'] || '', /no-cache/);
  assert.equal(h['cross-origin-opener-policy'], 'same-origin');
  assert.equal(h['x-frame-options'], 'DENY');
  assert.match(h['permissions-policy'] || '', /camera=\(\)/);
  assert.match(h['permissions-policy'] || '', /microphone=\(\)/);
  assert.equal(h['strict-transport-security'], 'max-age=31536000; includeSubDomains');
  assert.equal(h['x-content-type-options'], 'nosniff');
  await signIn(page);
  assert.ok(
    visited.some((u) => u.startsWith(`${ORIGIN}/signin`)),
    `went through Quay's /signin behind nginx: ${visited.join(' → ')}`,
  );
  assert.ok(visited.some((u) => u.startsWith(`${ORIGIN}/oauth/authorize`)), visited.join(' → '));
  assert.ok(page.url().startsWith(CONSOLE), page.url());
  await page.getByTestId('repo-row').first().waitFor();
  await page.getByRole('link', { name: 'Tags' }).first().click();
  await page.waitForTimeout(500);
  assert.deepEqual(cspViolations, []);
  assert.deepEqual(log.filter((l) => /Content Security Policy|Refused to/i.test(l)), []);
});

test('hashed assets are cached for a year, deep links fall back to index.html', async () => {
  const html = await (await fetch(CONSOLE + 'repository/devtable/simple/tags')).text();
  assert.match(html, /<base href="\/console\/"/);
  const wasm = html.match(/\/console\/([\w-]+_bg\.wasm)/);
  assert.ok(wasm, 'index.html preloads the wasm');
  const res = await fetch(CONSOLE + wasm[1], { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control') || '', /max-age=31536000, immutable/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  const cfg = await fetch(CONSOLE + 'config.json');
  assert.match(cfg.headers.get('cache-control') || '', /no-cache/);
  assert.equal(cfg.headers.get('cross-origin-opener-policy'), 'same-origin');
});

test('everything outside /console/ is Quay\'s (proxied), not the console', async () => {
  const notConsole = (body) => !/<base href="\/console\/"/.test(body);
  // The API: Quay's JSON 401.
  const user = await fetch(`${ORIGIN}/api/v1/user/`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  const userBody = await user.text();
  assert.equal(user.status, 401, userBody);
  assert.equal(JSON.parse(userBody).error_type, 'invalid_token');
  // Quay's sign-in page and OAuth pages.
  const signin = await fetch(`${ORIGIN}/signin?redirect_url=%2Fconsole%2F`);
  const signinBody = await signin.text();
  assert.equal(signin.status, 200);
  assert.ok(notConsole(signinBody) && /Sign in/.test(signinBody), signinBody.slice(0, 300));
  const authorize = await fetch(`${ORIGIN}/oauth/authorize?response_type=token&client_id=CONSOLE0DEMO0CLIENT0ID&redirect_uri=${encodeURIComponent(CONSOLE)}&scope=repo%3Aread`);
  assert.equal(authorize.status, 401);
  assert.match(await authorize.text(), /<title>401 Unauthorized<\/title>/);
  // The registry API goes to Quay too (the sandbox has none: its plain 404, not nginx's page).
  const v2 = await fetch(`${ORIGIN}/v2/`);
  assert.equal(v2.status, 404);
  assert.equal(await v2.text(), 'Not Found');
  // Quay's answers do not get the console's CSP.
  assert.equal(user.headers.get('content-security-policy'), null);
  assert.equal(signin.headers.get('content-security-policy'), null);
});
