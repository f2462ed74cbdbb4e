// The console behind real nginx with deploy/nginx.conf: sign-in works and the strict CSP holds.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { open, signIn, sandbox, closeBrowser, CONSOLE } from '../lib/harness.mjs';

after(closeBrowser);
before(async () => { await sandbox.reset({ auth: true }); await sandbox.config('ok'); });

test('signs in through nginx with zero CSP violations', async (t) => {
  const { page, log } = await open(t);
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const res = await page.goto(CONSOLE);
  const csp = res.headers()['content-security-policy'] || '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  assert.match(res.headers()['cache-control'] || '', /no-cache/);
  await signIn(page);
  await page.getByTestId('repo-row').first().waitFor();
  await page.getByRole('link', { name: 'Tags' }).first().click();
  await page.waitForTimeout(500);
  const violations = await page.evaluate(() => window.__csp);
  const logged = log.filter((l) => /Content Security Policy|Refused to/i.test(l));
  assert.deepEqual(violations, [], `CSP violations: ${violations.join('; ')}`);
  assert.deepEqual(logged, []);
});

test('hashed assets are cached for a year, deep links fall back to index.html', async () => {
  const html = await (await fetch(CONSOLE + 'repository/devtable/simple/tags')).text();
  assert.match(html, /<base href="\/console\/"/);
  const wasm = html.match(/\/console\/([\w-]+_bg\.wasm)/);
  assert.ok(wasm, 'index.html preloads the wasm');
  const res = await fetch(CONSOLE + wasm[1], { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control') || '', /max-age=31536000, immutable/);
  const cfg = await fetch(CONSOLE + 'config.json');
  assert.match(cfg.headers.get('cache-control') || '', /no-cache/);
});
