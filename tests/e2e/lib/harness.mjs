// Shared harness for the browser tests: Debian's Chromium driven by playwright-core, against the
// sandbox whose URL the runner (`cargo xtask e2e`) passes in SANDBOX_URL.
//
// Every spec: `const { page, session } = await open(t)` in a test (closed automatically, with a
// screenshot and the browser console kept in tests/e2e/artifacts/ when the test failed). Any uncaught
// page error or Content-Security-Policy violation seen during a test fails it (checked in its `after`
// hook, which node:test counts as a failure of the test).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SANDBOX = (process.env.SANDBOX_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
/// Where the console is served: the sandbox (or nginx in front of it) under /console/.
export const CONSOLE = (process.env.CONSOLE_URL || `${SANDBOX}/console/`).replace(/\/?$/, '/');
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

let browserPromise = null;
/** One browser per spec file; each test gets a fresh context (own sessionStorage). */
export function browser() {
  browserPromise ??= chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return browserPromise;
}

export async function closeBrowser() {
  if (browserPromise) {
    const b = await browserPromise;
    browserPromise = null;
    await b.close();
  }
}

/** Calls the sandbox's test-control endpoints (`/__sandbox/...`). */
export const sandbox = {
  async call(method, path, body) {
    const res = await fetch(`${SANDBOX}/__sandbox/${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  },
  reset: (opts = {}) => sandbox.call('POST', 'reset', opts),
  revoke: () => sandbox.call('POST', 'revoke', {}),
  faults: (f) => sandbox.call('POST', 'faults', f),
  clearFaults: () => sandbox.call('POST', 'faults', {}),
  config: (mode) => sandbox.call('POST', 'config', { mode }),
  clearGrants: () => sandbox.call('POST', 'grants/clear', {}),
  requests: () => sandbox.call('GET', 'requests'),
  clearRequests: () => sandbox.call('DELETE', 'requests'),
  /** Mints a token without the UI: `{ username, scopes? }` → `{ access_token, ... }`. */
  token: (body) => sandbox.call('POST', 'token', body),
};

/**
 * Opens a fresh browser context and page for test `t` (node:test's context). Console messages, page
 * errors and CSP violations (`securitypolicyviolation` events, on every page of the context, across
 * navigations) are collected; at the end of the test any page error or CSP violation fails it, and on
 * failure a screenshot and the log are written to artifacts/.
 */
export async function open(t, { viewport = { width: 1360, height: 900 } } = {}) {
  const b = await browser();
  const context = await b.newContext({ viewport, acceptDownloads: true });
  const log = [];
  const errors = [];
  const cspViolations = [];
  await context.exposeBinding('__e2eCspViolation', (_source, text) => {
    cspViolations.push(text);
    log.push(`[csp] ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__e2eCspViolation?.(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} on ${e.documentURI}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => { errors.push(String(e)); log.push(`[pageerror] ${e}`); });
  t.after(async () => {
    // Let late events (a violation reported after the last assertion) arrive.
    await page.waitForTimeout(50).catch(() => {});
    const problems = [
      ...errors.map((e) => `uncaught page error: ${e}`),
      ...cspViolations.map((v) => `CSP violation: ${v}`),
    ];
    const failed = t.passed === false || problems.length > 0;
    if (failed || process.env.E2E_KEEP_ARTIFACTS) {
      const name = t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }).catch(() => {});
      writeFileSync(join(ARTIFACTS, `${name}.console.log`), log.join('\n'));
    }
    await context.close();
    if (problems.length > 0) throw new Error(`${t.name}:\n  ${problems.join('\n  ')}`);
  });
  return { page, context, log, errors, cspViolations };
}

/**
 * Signs in through the sandbox's real pages, as on a real Quay: the console's "Sign in" goes either
 * straight to `/oauth/authorize` (the browser is already signed in to Quay) or to Quay's
 * `/signin?redirect_url=` (back to the console, which checks again and goes on to the authorize page);
 * the sign-in form is filled when shown, then the consent page
 * (and the sensitive-scope confirmation) approved, and the console is back on `path`
 * (router-relative, e.g. `/repository/devtable/simple/tags`).
 */
export async function signIn(page, { user = 'devtable', password = 'password', path = '/' } = {}) {
  await page.goto(CONSOLE + path.replace(/^\//, ''));
  await page.getByTestId('sign-in').click();
  // Without a Quay session the console sends the browser to Quay's sign-in page first.
  await page.waitForURL(/\/(signin|oauth)\b/);
  if (await page.getByLabel('Username').isVisible().catch(() => false)) {
    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/oauth\/authorize/);
  }
  await approveConsent(page);
  await page.getByTestId('username').waitFor();
}

/** Clicks through Quay's consent page (and the sensitive-scope confirmation) when shown. */
export async function approveConsent(page) {
  const authorize = page.getByRole('button', { name: 'Authorize Application' });
  if (await authorize.isVisible({ timeout: 5000 }).catch(() => false)) {
    await authorize.click();
    const confirm = page.getByRole('button', { name: /^(Confirm|Authorize)$/ });
    if (await confirm.isVisible({ timeout: 2000 }).catch(() => false)) await confirm.click();
  }
}

/**
 * Signs in without the UI: mints a token in the sandbox and puts it where the console keeps it
 * (sessionStorage), then opens `path`. For tests that are not about sign-in (and for users, like a
 * plain member, who may not authorize the console's application).
 */
export async function signInAs(page, { user = 'devtable', scopes, path = '/' } = {}) {
  const minted = await sandbox.token({ username: user, ...(scopes ? { scopes } : {}) });
  const token = {
    access_token: minted.access_token,
    expires_at_ms: Date.now() + 3600_000,
    scopes: minted.scopes || scopes || [],
  };
  await page.goto(CONSOLE + 'config.json');
  await page.evaluate((tok) => sessionStorage.setItem('quay-console.token', JSON.stringify(tok)), token);
  await page.goto(CONSOLE + path.replace(/^\//, ''));
  await page.getByTestId('username').waitFor();
}

/** Waits until no API request has been in flight for `quietMs`. */
export async function settle(page, quietMs = 300) {
  await page.waitForLoadState('networkidle', { timeout: 15000 }).catch(() => {});
  await page.waitForTimeout(quietMs);
}

/**
 * Puts axe-core in the page. Not as a script tag: the console runs under its production CSP, which
 * refuses inline scripts; evaluation through the DevTools protocol is not the page's own script.
 */
export async function injectAxe(page) {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
}
