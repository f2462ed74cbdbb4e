// Bearer calls are the budget: on a real Quay each costs ~210 ms of bcrypt and holds one of its
// web workers. Each first screen below is opened cold (a full page load of a deep link, the tab
// holding a token and the user it last saw) and may send exactly one bearer call before its
// first row is on screen; the figures are printed for ARCHITECTURE.md.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { open, sandbox, closeBrowser, CONSOLE, SANDBOX } from '../lib/harness.mjs';

after(closeBrowser);
// Under the sandbox's Quay latency model (each bearer call ~210 ms on one of two workers), as on
// a real Quay; the other specs keep the instant sandbox.
before(async () => {
  await sandbox.reset({ auth: true });
  await sandbox.config('ok');
  await sandbox.call('POST', 'latency', { model: 'quay', workers: 2 });
});
after(() => sandbox.call('POST', 'latency', { model: 'none' }));

/** A tab that holds a token and the user it last saw (as after a sign-in through the console). */
async function signedInTab(t) {
  const { page, context } = await open(t);
  const minted = await sandbox.token({ username: 'devtable' });
  const user = await (await fetch(`${SANDBOX}/api/v1/user/`, {
    headers: { authorization: `Bearer ${minted.access_token}`, 'x-requested-with': 'XMLHttpRequest' },
  })).json();
  const token = { access_token: minted.access_token, expires_at_ms: Date.now() + 3600e3, scopes: minted.scope.split(' ') };
  await context.addInitScript(([tok, u, registry]) => {
    if (!sessionStorage.getItem('quay-console.token')) {
      sessionStorage.setItem('quay-console.token', JSON.stringify(tok));
      sessionStorage.setItem('quay-console.user', JSON.stringify({ registry, user: u }));
    }
  }, [token, user, new URL(CONSOLE).origin]);
  return page;
}

/**
 * Opens `path` cold: the API calls sent before the first API answer came back (the first screen's
 * fan-out: Quay serves them one per worker, ~210 ms each), and those sent before `rowTestId` was
 * on screen. Times are the page's own (resource timing and a mutation observer).
 */
async function firstScreenCalls(t, path, rowTestId) {
  const page = await signedInTab(t);
  await page.addInitScript((testid) => {
    new MutationObserver((_, obs) => {
      if (document.querySelector(`[data-testid="${testid}"]`)) { window.__firstRow = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  }, rowTestId);
  await page.goto(CONSOLE + path.replace(/^\//, ''));
  await page.getByTestId(rowTestId).first().waitFor();
  const { calls, firstRow, bootSent } = await page.evaluate(() => ({
    firstRow: window.__firstRow,
    // Set by the early script (xtask/src/boot.js) when it sent the page's first request itself.
    bootSent: typeof window.__quayBoot?.sentAt === 'number',
    calls: performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/v1/') && !e.name.includes('/api/v1/app/'))
      .map((e) => ({ url: e.name, start: e.startTime, end: e.responseEnd })),
  }));
  const firstAnswer = Math.min(...calls.map((c) => c.end));
  const show = (list) => list.map((c) => { const u = new URL(c.url); return u.pathname + u.search; });
  return {
    bootSent,
    fanOut: show(calls.filter((c) => c.start < firstAnswer)),
    beforeRow: show(calls.filter((c) => c.start < firstRow)),
  };
}

const SCREENS = [
  // The early script sends these pages' first request before the wasm has started.
  ['tags', '/repository/devtable/simple/tags', 'tag-row', { boot: true }],
  ['logs', '/organization/buynlarge/logs', 'log-row', { boot: true }],
  ['robots', '/organization/buynlarge/robots', 'robot-row', { boot: true }],
  ['applications', '/organization/buynlarge/applications', 'app-row', { boot: true }],
  ['home', '/', 'repo-row'],
  // The mirror page's other panels (the robot picker's list, the sync history) ask after the
  // mirror's answer, beside its first paint: only the fan-out is checked there.
  ['repository mirror', '/repository/devtable/mirrored/mirror', 'mirror-status', { fanOutOnly: true }],
  // The organization mirror's configuration (with the status counts) first; its repositories are
  // asked once it has answered, as it paints: only the fan-out is checked.
  ['organization mirror', '/organization/syncedorg/mirror', 'orgmirror-config', { fanOutOnly: true }],
];

for (const [name, path, row, { fanOutOnly = false, boot = false } = {}] of SCREENS) {
  test(`${name}: one bearer call on the first screen's critical path`, async (t) => {
    const { fanOut, beforeRow, bootSent } = await firstScreenCalls(t, path, row);
    // That one call is the early script's, taken by the console (else there would be two).
    assert.equal(bootSent, boot, `sent by the early script: ${bootSent}`);
    console.log(`budget: ${name} (${path}): ${fanOut.length} bearer call(s) sent before the first answer; before the first row: ${beforeRow.join(', ')}`);
    assert.equal(fanOut.length, 1, fanOut.join('\n'));
    // Before the first row: only that request (or the next pages of the same list, when Quay
    // answered a short page); nothing else competes for Quay's workers.
    const list = new URL(`http://x${fanOut[0]}`).pathname;
    if (fanOutOnly) return;
    for (const call of beforeRow) assert.equal(new URL(`http://x${call}`).pathname, list, beforeRow.join('\n'));
  });
}

test('a reload shows the tab\'s last tag page before its refresh arrives', async (t) => {
  const page = await signedInTab(t);
  await page.goto(CONSOLE + 'repository/devtable/simple/tags');
  await page.getByTestId('tag-row').first().waitFor();
  const names = await page.getByTestId('tag-row').allTextContents();
  // The refresh of the first page hangs: the rows shown can only be the tab's last view.
  await sandbox.faults({ hang_paths: ['/api/v1/repository/devtable/simple/tag/'] });
  try {
    await page.reload();
    await page.getByTestId('tag-row').first().waitFor();
    await page.getByTestId('refreshing').waitFor();
    assert.deepEqual(await page.getByTestId('tag-row').allTextContents(), names);
  } finally {
    await sandbox.clearFaults();
  }
});

test('a reload shows the tab\'s last log entries before the refresh arrives', async (t) => {
  const page = await signedInTab(t);
  await page.goto(CONSOLE + 'repository/devtable/simple/logs');
  await page.getByTestId('log-row').first().waitFor();
  const first = await page.getByTestId('log-row').first().textContent();
  await sandbox.faults({ hang_paths: ['/api/v1/repository/devtable/simple/logs'] });
  try {
    await page.reload();
    await page.getByTestId('refreshing').waitFor();
    assert.equal(await page.getByTestId('log-row').first().textContent(), first);
  } finally {
    await sandbox.clearFaults();
  }
});

test('an early script that arrives only after the console started sends nothing: still one bearer call', async (t) => {
  // The early script is async: under load it may run after the wasm. Held back here until the
  // console has shown the first row (having asked itself), it must not send the request again.
  const page = await signedInTab(t);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/early-[0-9a-f]+\.js$/, async (route) => { await held; await route.continue(); });
  const bearer = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/') && r.headers()['authorization']) bearer.push(new URL(r.url()).pathname);
  });
  // The page's load event waits for the held script: only the navigation itself is awaited.
  await page.goto(CONSOLE + 'repository/devtable/simple/tags', { waitUntil: 'commit' });
  await page.getByTestId('tag-row').first().waitFor();
  assert.deepEqual(await page.evaluate(() => window.__quayBoot), { late: true }, 'the console marked its start');
  release();
  await page.waitForLoadState('load');
  await page.waitForTimeout(800);
  assert.equal(await page.evaluate(() => typeof window.__quayBoot?.sentAt), 'undefined', 'the late script sent nothing');
  const tagPages = bearer.filter((p) => p.endsWith('/tag/'));
  assert.equal(tagPages.length, 1, bearer.join('\n'));
});

test('quotas: the quota and the consumption on the first screen (Quay has no one call for both), the repository sizes after them', async (t) => {
  const { fanOut, beforeRow } = await firstScreenCalls(t, '/organization/buynlarge/quotas', 'quota-summary');
  console.log(`budget: quotas: ${fanOut.length} bearer call(s) sent before the first answer; before the first row: ${beforeRow.join(', ')}`);
  const paths = (list) => list.map((c) => new URL(`http://x${c}`).pathname).sort();
  // devtable is a superuser: the quota comes from the superuser endpoint, which lets it edit.
  assert.deepEqual(paths(fanOut), ['/api/v1/organization/buynlarge', '/api/v1/superuser/organization/buynlarge/quota']);
  // The sizes leave once the consumption has answered: if that was first, they may start before
  // the quota's row shows, on the worker the consumption left (never before the first answer).
  assert.ok(beforeRow.filter((c) => c.startsWith('/api/v1/repository')).length <= 1, beforeRow.join('\n'));
});
