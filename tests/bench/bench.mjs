// Speed figures of the tags view on a 10,000-tag repository (buynlarge/big), printed as a table.
// Not a test: `cargo xtask bench` builds the console, starts the sandbox with `--tags 10000` and runs
// this with SANDBOX_URL; it can also run against any sandbox started that way.
//
// Measured (medians of RUNS): navigation → first tag row, cold (new browser context: empty cache)
// and warm (same context, reload); typing a tag name → that tag on screen; one filter keystroke →
// list updated in the DOM and → next frame; DOM rows while scrolled; API requests for the first
// screen; plus the first-load size of dist/ (raw and gzip).
import { chromium } from 'playwright-core';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const SANDBOX = (process.env.SANDBOX_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const CONSOLE = `${SANDBOX}/console/`;
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

/** A context whose tab already holds a token (as after sign-in), so the first navigation is the cold load. */
async function signedInContext(browser) {
  const minted = await control('POST', 'token', { username: 'devtable' });
  const token = { access_token: minted.access_token, expires_at_ms: Date.now() + 3600e3, scopes: minted.scope.split(' ') };
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.addInitScript((tok) => {
    sessionStorage.setItem('quay-console.token', JSON.stringify(tok));
    // Time of the first tag row, relative to navigation start.
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid="tag-row"]')) { window.__firstRow = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  }, token);
  return context;
}

async function firstRow(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__firstRow !== undefined, null, { timeout: 20000 });
  return page.evaluate(() => window.__firstRow);
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

const kib = ({ raw, gz }) => `${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
const url = `${CONSOLE}repository/${REPO}/tags`;
const results = [];
try {
  await control('POST', 'reset', {});

  // Cold: a new context (empty HTTP and code caches) per run. Warm: reloads in one context.
  const cold = []; const warm = []; const requests = [];
  let fetched = new Set();
  for (let i = 0; i < RUNS; i++) {
    const context = await signedInContext(browser);
    const page = await context.newPage();
    const api = [];
    const files = recordFiles(page);
    page.on('request', (r) => { if (r.url().includes('/api/v1/')) api.push(r.url()); });
    cold.push(await firstRow(page, url));
    fetched = files;
    await page.waitForTimeout(300);
    requests.push(api.length);
    warm.push(await firstRow(page, url));
    await context.close();
  }
  results.push(['first tag row, cold browser (navigation → row)', ms(median(cold)), '≤ 600 ms']);
  results.push(['first tag row, warm browser (reload → row)', ms(median(warm)), '']);
  results.push(['API requests for the first screen', String(median(requests)), '≤ 2 (Quay UI: 107 before the list is complete)']);

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
  results.push([`typing a tag name ("${target}") → on screen`, ms(median(find)), '≤ 1 s']);

  // One keystroke in the filter → the list updated in the DOM, and → the next frame.
  const dom = []; const frame = [];
  const chars = 'build-0';
  await page.goto(url);
  await page.waitForSelector('[data-testid="tag-row"]');
  await page.getByTestId('tag-filter').focus();
  for (let i = 0; i < Math.max(RUNS, chars.length); i++) {
    const ch = chars[i % chars.length];
    if (i % chars.length === 0 && i > 0) await page.getByTestId('tag-filter').fill('');
    await page.waitForTimeout(400);
    await page.evaluate(() => {
      const list = document.querySelector('[data-testid="tag-list"]');
      window.__key = new Promise((resolve) => {
        let t0 = 0;
        document.addEventListener('keydown', (e) => { t0 = e.timeStamp; }, { once: true, capture: true });
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
  }
  results.push(['filter keystroke → list updated (DOM)', ms(median(dom)), '≤ 16 ms (Quay UI: 121 ms)']);
  results.push(['filter keystroke → next frame', ms(median(frame)), '']);

  // DOM rows while scrolled to the middle of the 10,000.
  await page.getByTestId('tag-filter').fill('');
  await page.getByRole('button', { name: 'Jump to the end' }).click();
  await page.getByTestId('tag-count').filter({ hasText: /^10000 tags$/ }).waitFor({ timeout: 20000 });
  await page.getByTestId('tag-list').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tag-list"] [data-testid="tag-row-loading"]').length === 0
    && document.querySelectorAll('[data-testid="tag-list"] [data-testid="tag-row"]').length > 0, null, { timeout: 10000 });
  const rows = await page.locator('[data-testid="tag-list"] [role="row"]').count();
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  results.push(['DOM rows while scrolled (10,000 tags)', `${rows} rows, ${nodes} elements in the page`, '≤ 100 rows']);
  await context.close();

  // What the landing page (the namespaces and their repositories) fetches on a first visit.
  let landing;
  {
    const ctx = await signedInContext(browser);
    const p = await ctx.newPage();
    landing = recordFiles(p);
    await p.goto(CONSOLE);
    await p.getByTestId('repo-row').first().waitFor({ timeout: 20000 });
    await p.waitForTimeout(300);
    await ctx.close();
  }

  const shell = shellSizes();
  if (shell) {
    results.push(['shell: html, css, js, main wasm (in every first load)', kib(shell), '']);
    for (const [label, files] of [['landing page', landing], ['tags view', fetched]]) {
      const view = [...files].filter((f) => f !== 'config.json');
      const chunks = view.filter(isChunk);
      results.push([`first load of the ${label} (shell + ${chunks.length} wasm chunks)`, kib(sizes(view)), '≤ 250 KiB gzip']);
    }
  }
} finally {
  await browser.close();
}

const width = Math.max(...results.map((r) => r[0].length));
console.log(`\nTags view on ${REPO} (10,000 tags), median of ${RUNS} runs:\n`);
for (const [what, value, target] of results) console.log(`${what.padEnd(width)}  ${value.padEnd(34)}  ${target}`);
