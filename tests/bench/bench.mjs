// Speed figures of the console on a 10,000-tag repository (buynlarge/big), printed as one table.
// Not a test: `cargo xtask bench` builds the console, starts the sandbox with `--tags 10000
// --latency-model quay --workers 2` (a bearer call costs what it costs on Quay: ~210 ms of bcrypt
// holding one of 2 web workers, see sandbox/src/latency.rs) and runs this with SANDBOX_URL (and
// CONSOLE_URL with `-- --cross-origin`); it can also run against any sandbox started that way.
//
// Measured (medians of RUNS): navigation → first tag row, cold (new browser context: empty cache)
// and warm (same context, reload); typing a tag name → that tag on screen; one filter keystroke →
// list updated in the DOM (loaded matches), → next frame, and → Quay's answer to the new filter on
// screen; jump to the end → the oldest tag on screen (and the rounds of API calls it took); each
// area's first page cold (first row, bearer calls and rounds of calls before it, from the sandbox's
// journal); DOM rows while scrolled; API requests for the first screen; the first-load size of dist/
// (raw and gzip) and the wasm modules each deep link fetches.
//
// Bearer calls come from the sandbox's journal (`/__sandbox/requests`: has_authorization, started_ms,
// finished_ms): "rounds" are groups of calls overlapping in time, "in series" the longest chain of calls
// each started after the previous one finished. Both mean something under `--latency-model quay` only:
// without it a call takes a millisecond, so calls sent together rarely overlap.
import { chromium } from 'playwright-core';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const SANDBOX = (process.env.SANDBOX_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const CONSOLE = (process.env.CONSOLE_URL || `${SANDBOX}/console/`).replace(/\/?$/, '/');
const CROSS_ORIGIN = new URL(CONSOLE).origin !== new URL(SANDBOX).origin;
const RUNS = Number(process.env.BENCH_RUNS || 5);
const REPO = 'buynlarge/big';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ms = (x) => `${x.toFixed(0)} ms`;

async function control(method, path, body) {
  const res = await fetch(`${SANDBOX}/__sandbox/${path}`, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

const journal = () => control('GET', 'requests');
const clearJournal = () => control('DELETE', 'requests');

/** ms to subtract from `Date.now()` to get the sandbox journal's clock (`started_ms`, `finished_ms`). */
async function clockOffset() {
  const t0 = Date.now();
  const { now_ms: now } = await control('GET', 'latency');
  return (t0 + Date.now()) / 2 - now;
}

/** The journal's bearer-token calls that started by `until` (sandbox clock). */
const bearerCalls = (list, until) => list.filter((r) => r.has_authorization && r.method !== 'OPTIONS' && r.started_ms <= until);

/** Rounds of calls: a new round starts when a call starts after every earlier one has finished. */
function rounds(calls) {
  let n = 0; let end = -Infinity;
  for (const c of [...calls].sort((a, b) => a.started_ms - b.started_ms)) {
    const finished = c.finished_ms ?? Infinity;
    if (c.started_ms >= end) { n += 1; end = finished; } else end = Math.max(end, finished);
  }
  return n;
}

/** Calls in series: the longest chain of calls each started after the previous one finished (what a
 *  user waits for when the calls of a round overlap with those of the next). */
function inSeries(calls) {
  const sorted = [...calls].sort((a, b) => a.started_ms - b.started_ms);
  const depth = [];
  sorted.forEach((c, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      if (sorted[j].finished_ms !== null && sorted[j].finished_ms <= c.started_ms) before = Math.max(before, depth[j]);
    }
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}

/** Count, rounds (groups of overlapping calls) and calls in series. */
const summary = (calls, preflights = 0) => ({ calls: calls.length, rounds: rounds(calls), series: inSeries(calls), preflights });
const describeCalls = (list) => `${median(list.map((c) => c.calls))} bearer calls, ${median(list.map((c) => c.rounds))} rounds, `
  + `${median(list.map((c) => c.series))} in series${CROSS_ORIGIN ? `, ${median(list.map((c) => c.preflights))} preflights` : ''}`;

/** A context whose tab already holds a token (as after sign-in), so the first navigation is the cold load.
 *  `window.__firstRow` (performance clock) and `window.__firstRowAt` (Date.now) mark when `row` first appears. */
async function signedInContext(browser, row = '[data-testid="tag-row"]') {
  const minted = await control('POST', 'token', { username: 'devtable' });
  const token = { access_token: minted.access_token, expires_at_ms: Date.now() + 3600e3, scopes: minted.scope.split(' ') };
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.addInitScript(([tok, sel]) => {
    sessionStorage.setItem('quay-console.token', JSON.stringify(tok));
    // Time of the first row, relative to navigation start.
    new MutationObserver((_, obs) => {
      if (document.querySelector(sel)) { window.__firstRow = performance.now(); window.__firstRowAt = Date.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  }, [token, row]);
  return context;
}

async function firstRow(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__firstRow !== undefined, null, { timeout: 60000 });
  return page.evaluate(() => window.__firstRow);
}

/** The bearer calls before the first row of the page just loaded (journal cleared before it): count, rounds. */
async function callsBeforeRow(page, offset) {
  const until = (await page.evaluate(() => window.__firstRowAt)) - offset;
  const list = await journal();
  const preflights = list.filter((r) => r.method === 'OPTIONS' && r.started_ms <= until).length;
  return summary(bearerCalls(list, until), preflights);
}

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
// Lazily fetched wasm chunks (see xtask/src/split.rs): not part of every first visit.
const isChunk = (f) => /^(split|chunk)_.*\.wasm$/.test(f);

/** Raw and gzip bytes of the given dist/ files (gzip: the .gz copy the build writes). */
function sizes(files) {
  let raw = 0; let gz = 0;
  for (const f of files) {
    if (!existsSync(join(DIST, f))) continue;
    raw += statSync(join(DIST, f)).size;
    gz += existsSync(join(DIST, `${f}.gz`)) ? statSync(join(DIST, `${f}.gz`)).size : statSync(join(DIST, f)).size;
  }
  return { raw, gz };
}

/** What every first visit loads: dist/ without the lazily fetched chunks and config.json. */
function shellSizes() {
  if (!existsSync(DIST)) return null;
  return sizes(readdirSync(DIST).filter((f) => /\.(html|js|wasm|css)$/.test(f) && !isChunk(f)));
}

/** The console's files a page fetches (index.html, css, js, wasm, config.json), by file name. */
function recordFiles(page) {
  const files = new Set();
  page.on('request', (r) => {
    if (r.isNavigationRequest()) files.add('index.html');
    else if (r.url().startsWith(CONSOLE) && !r.url().includes('/api/v1/')) files.add(new URL(r.url()).pathname.split('/').pop());
  });
  return files;
}

const isWasm = (f) => f.endsWith('.wasm');
const kib = ({ raw, gz }) => `${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
const url = `${CONSOLE}repository/${REPO}/tags`;
const results = [];
let MODEL = 'none';
const SIZE = 'any (sizes)';
try {
  await control('POST', 'reset', {});
  const setting = await control('GET', 'latency');
  MODEL = `${setting.model === 'quay' ? `quay, ${setting.workers} workers` : 'none'}; ${CROSS_ORIGIN ? 'cross-origin' : 'same origin'}`;
  const offset = await clockOffset();

  // Cold: a new context (empty HTTP and code caches) per run. Warm: reloads in one context.
  const cold = []; const warm = []; const requests = []; const tagCalls = [];
  let fetched = new Set();
  for (let i = 0; i < RUNS; i++) {
    const context = await signedInContext(browser);
    const page = await context.newPage();
    const api = [];
    const files = recordFiles(page);
    page.on('request', (r) => { if (r.url().includes('/api/v1/')) api.push(r.url()); });
    await clearJournal();
    cold.push(await firstRow(page, url));
    tagCalls.push(await callsBeforeRow(page, offset));
    fetched = files;
    await page.waitForTimeout(300);
    requests.push(api.length);
    warm.push(await firstRow(page, url));
    await context.close();
  }
  results.push(['first tag row, cold browser (navigation → row)', ms(median(cold)), '≤ 600 ms', MODEL]);
  results.push(['first tag row, warm browser (reload → row)', ms(median(warm)), '', MODEL]);
  results.push(['API requests for the first screen', String(median(requests)), '≤ 2 (Quay UI: 107 before the list is complete)', MODEL]);
  results.push(['tags view: bearer calls before the first row', describeCalls(tagCalls), '', MODEL]);

  const context = await signedInContext(browser);
  const page = await context.newPage();
  await firstRow(page, url);
  await page.waitForTimeout(300);

  // Typing a tag name (the oldest tag, on Quay's last page) → that tag's row on screen.
  const last = await (await fetch(`${SANDBOX}/api/v1/repository/${REPO}/tag/?onlyActiveTags=true&limit=100&page=100`, {
    headers: { authorization: `Bearer ${(await control('POST', 'token', { username: 'devtable' })).access_token}`, 'x-requested-with': 'XMLHttpRequest' },
  })).json();
  const target = last.tags.at(-1).name;
  const find = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(url);
    await page.waitForSelector('[data-testid="tag-row"]');
    const input = page.getByTestId('tag-filter');
    await input.focus();
    const started = await page.evaluate(() => performance.now());
    await page.keyboard.insertText(target);
    await page.waitForSelector(`[data-testid="tag-row"][data-tag="${target}"]`, { timeout: 5000 });
    find.push((await page.evaluate(() => performance.now())) - started);
  }
  results.push([`typing a tag name ("${target}") → on screen`, ms(median(find)), '≤ 1 s', MODEL]);

  // One keystroke in the filter → the list updated in the DOM, and → the next frame.
  const dom = []; const frame = []; const answered = [];
  const chars = 'build-0';
  await page.goto(url);
  await page.waitForSelector('[data-testid="tag-row"]');
  await page.getByTestId('tag-filter').focus();
  for (let i = 0; i < Math.max(RUNS, chars.length); i++) {
    const ch = chars[i % chars.length];
    if (i % chars.length === 0 && i > 0) await page.getByTestId('tag-filter').fill('');
    // Long enough for Quay's answer to the previous filter (150 ms debounce + a bearer call).
    await page.waitForTimeout(setting.model === 'quay' ? 900 : 400);
    const text = (await page.getByTestId('tag-filter').inputValue()) + ch;
    const response = page.waitForResponse((r) => {
      if (!r.url().includes('/api/v1/') || r.request().method() !== 'GET') return false;
      return new URL(r.url()).searchParams.get('filter_tag_name') === `like:${text}`;
    }, { timeout: 20000 });
    await page.evaluate(() => {
      const list = document.querySelector('[data-testid="tag-list"]');
      window.__key = new Promise((resolve) => {
        let t0 = 0;
        document.addEventListener('keydown', (e) => { t0 = e.timeStamp; window.__keyAt = t0; }, { once: true, capture: true });
        const obs = new MutationObserver(() => {
          obs.disconnect();
          const t1 = performance.now();
          requestAnimationFrame(() => resolve({ dom: t1 - t0, frame: performance.now() - t0 }));
        });
        obs.observe(list, { childList: true, subtree: true, characterData: true, attributes: true });
        obs.observe(document.querySelector('[data-testid="tag-count"]'), { childList: true, subtree: true, characterData: true });
      });
    });
    await page.keyboard.press(ch);
    const r = await page.evaluate(() => window.__key);
    dom.push(r.dom); frame.push(r.frame);
    // Quay's answer to the new filter: its response, then the frame after it was applied.
    await (await response).finished();
    const shown = await page.evaluate(() => new Promise((resolve) => {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
    }));
    answered.push(shown - (await page.evaluate(() => window.__keyAt)));
  }
  results.push(['filter keystroke → list updated (DOM: the loaded matches)', ms(median(dom)), '≤ 16 ms (Quay UI: 121 ms)', MODEL]);
  results.push(['filter keystroke → next frame', ms(median(frame)), '', MODEL]);
  results.push(['filter keystroke → Quay\'s answer (filter_tag_name=like:) on screen', ms(median(answered)), '', MODEL]);

  // Jump to the end → the oldest tag's row on screen, and the rounds of API calls it took: cold
  // (the tab has never seen the end: its remembered ends are cleared), then in a tab that saw it.
  const jump = []; const jumpCalls = [];
  const seenJump = []; const seenJumpCalls = [];
  for (let i = 0; i < 2 * Math.min(RUNS, 3); i++) {
    const cold = i < Math.min(RUNS, 3);
    if (cold) await page.evaluate(() => sessionStorage.removeItem('quay-console.ends'));
    await page.goto(url);
    await page.waitForSelector('[data-testid="tag-row"]');
    await page.waitForTimeout(500);
    await clearJournal();
    await page.evaluate((name) => {
      window.__jump = new Promise((resolve) => {
        let t0 = 0;
        document.addEventListener('click', (e) => { t0 = e.timeStamp; }, { once: true, capture: true });
        const sel = `[data-testid="tag-row"][data-tag="${name}"]`;
        const obs = new MutationObserver(() => {
          if (document.querySelector(sel)) { obs.disconnect(); resolve({ ms: performance.now() - t0, at: Date.now() }); }
        });
        obs.observe(document, { childList: true, subtree: true, attributes: true });
      });
    }, target);
    await page.getByTestId('jump-end').click();
    const j = await page.evaluate(() => Promise.race([window.__jump, new Promise((r) => setTimeout(() => r(null), 120000))]));
    if (!j) throw new Error('jump to the end: the oldest tag never appeared');
    const list = await journal();
    const preflights = list.filter((r) => r.method === 'OPTIONS' && r.started_ms <= j.at - offset).length;
    const calls = summary(bearerCalls(list, j.at - offset), preflights);
    if (cold) { jump.push(j.ms); jumpCalls.push(calls); } else { seenJump.push(j.ms); seenJumpCalls.push(calls); }
  }
  results.push([`jump to the end → the oldest tag ("${target}") on screen (cold: the tab never saw the end)`, ms(median(jump)), '', MODEL]);
  results.push(['jump to the end (cold): bearer calls until the oldest tag shows', describeCalls(jumpCalls), '', MODEL]);
  results.push(['jump to the end, in a tab that saw the end before (reload)', ms(median(seenJump)), '', MODEL]);
  results.push(['jump to the end (seen before): bearer calls until the oldest tag shows', describeCalls(seenJumpCalls), '', MODEL]);

  // DOM rows while scrolled to the middle of the 10,000.
  await page.getByTestId('tag-filter').fill('');
  await page.getByRole('button', { name: 'Jump to the end' }).click();
  await page.getByTestId('tag-count').filter({ hasText: /^10000 tags$/ }).waitFor({ timeout: 120000 });
  await page.getByTestId('tag-list').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tag-list"] [data-testid="tag-row-loading"]').length === 0
    && document.querySelectorAll('[data-testid="tag-list"] [data-testid="tag-row"]').length > 0, null, { timeout: 10000 });
  const rows = await page.locator('[data-testid="tag-list"] [role="row"]').count();
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  results.push(['DOM rows while scrolled (10,000 tags)', `${rows} rows, ${nodes} elements in the page`, '≤ 100 rows', MODEL]);
  await context.close();

  // Each area's first page, cold: navigation → first row, and the bearer calls (and rounds of calls in
  // series) before it; the landing page's files are the home page's.
  const areas = [
    ['home (landing page)', '', '[data-testid="repo-row"]'],
    ['tags', `repository/${REPO}/tags`, '[data-testid="tag-row"]'],
    ['usage logs', 'organization/buynlarge/logs', '[data-testid="log-row"]'],
    ['robots', 'organization/buynlarge/robots', '[data-testid="robot-row"]'],
    ['applications', 'organization/buynlarge/applications', '[data-testid="app-row"]'],
    ['quotas', 'organization/buynlarge/quotas', '[data-testid="quota-summary"], [data-testid="quota-none"]'],
    ['mirror', 'repository/library/etcd/mirror', '[data-testid="mirror-status"]'],
  ];
  const deepLinks = {};
  for (const [label, path, row] of areas) {
    const times = []; const counts = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await signedInContext(browser, row);
      const p = await ctx.newPage();
      const files = recordFiles(p);
      await clearJournal();
      times.push(await firstRow(p, `${CONSOLE}${path}`));
      counts.push(await callsBeforeRow(p, offset));
      await p.waitForTimeout(300);
      deepLinks[label] = files;
      await ctx.close();
    }
    results.push([`${label}: first row, cold (navigation → row)`, `${ms(median(times))} (${describeCalls(counts)})`, '', MODEL]);
  }
  const landing = deepLinks['home (landing page)'];

  const shell = shellSizes();
  if (shell) {
    results.push(['shell: html, css, js, main wasm (in every first load)', kib(shell), '', SIZE]);
    for (const [label, files] of [['landing page', landing], ['tags view', fetched]]) {
      const view = [...files].filter((f) => f !== 'config.json');
      const chunks = view.filter(isChunk);
      results.push([`first load of the ${label} (shell + ${chunks.length} wasm chunks)`, kib(sizes(view)), '≤ 250 KiB gzip', SIZE]);
    }
    for (const label of ['tags', 'usage logs', 'robots']) {
      const view = [...deepLinks[label]].filter((f) => f !== 'config.json');
      results.push([`deep link into ${label}: wasm modules, size`, `${view.filter(isWasm).length} modules, ${kib(sizes(view))}`, '', SIZE]);
    }
  }
} finally {
  await browser.close();
}

const width = Math.max(...results.map((r) => r[0].length));
const valueWidth = Math.max(34, ...results.map((r) => r[1].length));
const targetWidth = Math.max(...results.map((r) => r[2].length));
console.log(`\nQuay Console on the sandbox (${REPO}: 10,000 tags), median of ${RUNS} runs; latency model: ${MODEL}`);
console.log(`console ${CONSOLE}, API ${SANDBOX}\n`);
console.log(`${'figure'.padEnd(width)}  ${'measured'.padEnd(valueWidth)}  ${'target'.padEnd(targetWidth)}  latency model`);
for (const [what, value, target, model] of results) {
  console.log(`${what.padEnd(width)}  ${value.padEnd(valueWidth)}  ${target.padEnd(targetWidth)}  ${model}`);
}
console.log('');
for (const [what, , , model] of results) {
  console.log(model === SIZE
    ? `${what}: sizes of dist/ files, the same under any latency model`
    : `${what}: measured with latency model ${MODEL.replace(';', ',')}`);
}
