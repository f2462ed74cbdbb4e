// The shell: command palette, keyboard shortcuts, theme.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, CONSOLE } from '../lib/harness.mjs';
import { Shell } from '../pages/shell.mjs';

after(closeBrowser);

async function expectFocused(page, testid) {
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-testid') === id, testid, { timeout: 5000 });
}
beforeEach(() => sandbox.reset());

test('Ctrl+K jumps to any namespace page or repository', async (t) => {
  const { page } = await open(t);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname.split('/').pop()); });
  await signInAs(page);
  await page.getByTestId('repo-row').first().waitFor();
  // The palette is a chunk of its own, fetched when it first opens.
  assert.equal(wasm.some((f) => f.startsWith('split_palette-')), false, `fetched: ${wasm.join(', ')}`);
  await page.keyboard.press('Control+K');
  const input = page.getByTestId('palette-input');
  await input.waitFor();
  assert.ok(wasm.some((f) => f.startsWith('split_palette-')), `fetched: ${wasm.join(', ')}`);
  await expectFocused(page, 'palette-input');
  await input.fill('buynlarge robot');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/console\/organization\/buynlarge\/robots$/);
  assert.equal(await new Shell(page).route(), '/organization/buynlarge/robots');
  // Repositories are searchable too.
  await page.keyboard.press('Control+K');
  await input.fill('devtable/simple');
  await page.getByRole('option', { name: /^devtable\/simple repository/ }).waitFor();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/repository\/devtable\/simple$/);
  // Escape closes it.
  await page.keyboard.press('Control+K');
  await input.waitFor();
  await page.keyboard.press('Escape');
  await input.waitFor({ state: 'hidden' });
});

test('the palette reaches every page of a repository, marking those whose feature is off', async (t) => {
  await sandbox.call('POST', 'features', { IMMUTABLE_TAGS: false });
  const { page } = await open(t);
  await signInAs(page);
  await page.getByTestId('repo-row').first().waitFor();
  await page.keyboard.press('Control+K');
  const input = page.getByTestId('palette-input');
  await input.fill('devtable/simple');
  const pages = page.getByRole('option', { name: /^devtable\/simple · / });
  await page.waitForFunction(() => [...document.querySelectorAll('#palette-results [role="option"]')]
    .filter((o) => o.textContent.startsWith('devtable/simple · ')).length === 6);
  const labels = (await pages.allTextContents()).map((l) => l.replace(/page$/, '').trim());
  assert.deepEqual(labels.sort(), [
    'devtable/simple · Auto-prune policies',
    'devtable/simple · Immutability policies (off)',
    'devtable/simple · Logs',
    'devtable/simple · Mirror',
    'devtable/simple · Tag history',
    'devtable/simple · Tags',
  ]);
  await input.fill('simple auto-prune');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/repository\/devtable\/simple\/autoprune-policies$/);
});

test('/ focuses the filter of the page', async (t) => {
  const { page } = await open(t);
  await signInAs(page);
  await page.getByTestId('repo-row').first().waitFor();
  await page.locator('body').click();
  await page.keyboard.press('/');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  assert.equal(focused, 'repo-filter');
});

test('the repository filter ignores case beyond ASCII too (the browser folds it)', async (t) => {
  const { page } = await open(t);
  await signInAs(page);
  await page.getByTestId('repo-row').first().waitFor();
  // devtable/readonly is described "Frozen for an audit (Überprüfung)".
  await page.getByTestId('repo-filter').fill('ÜBERPRÜFUNG');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="repo-row"]').length === 1);
  assert.match(await page.getByTestId('repo-row').textContent(), /readonly/);
  await page.getByTestId('repo-filter').fill('FROZEN');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="repo-row"]').length === 1);
  await page.getByTestId('repo-filter').fill('überprüfungx');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="repo-row"]').length === 0);
});

test('the theme is chosen, applied and remembered', async (t) => {
  const { page } = await open(t);
  await signInAs(page);
  await page.getByTestId('theme-select').selectOption('dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(15, 20, 25)');
  await page.reload();
  await page.getByTestId('username').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.getByTestId('theme-select').selectOption('auto');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
});

test('the language follows the browser, can be switched, and is remembered', async (t) => {
  const { page } = await open(t);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname.split('/').pop()); });
  await signInAs(page);
  // English by default in this browser; switch to Chinese, then Japanese.
  const nav = page.getByTestId('sidenav');
  await nav.getByRole('link', { name: 'Namespaces' }).waitFor();
  // Chinese and Japanese messages are chunks fetched when the language is chosen.
  assert.equal(wasm.filter((f) => f.startsWith('split_lang_')).length, 0, `fetched: ${wasm.join(', ')}`);
  await page.getByTestId('lang-select').selectOption('zh');
  await nav.getByRole('link', { name: '命名空间' }).waitFor();
  assert.ok(wasm.some((f) => f.startsWith('split_lang_zh-')), `fetched: ${wasm.join(', ')}`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh');
  await page.reload();
  await nav.getByRole('link', { name: '命名空间' }).waitFor();
  await page.getByTestId('lang-select').selectOption('ja');
  await nav.getByRole('link', { name: '名前空間' }).waitFor();
  assert.match(await page.getByTestId('username').textContent(), /devtable としてサインイン中/);
  await page.getByTestId('lang-select').selectOption('en');
  await nav.getByRole('link', { name: 'Namespaces' }).waitFor();
});

test('a Japanese browser starts in Japanese', async (t) => {
  const b = await (await import('../lib/harness.mjs')).browser();
  const context = await b.newContext({ locale: 'ja-JP' });
  t.after(() => context.close());
  const page = await context.newPage();
  await signInAs(page);
  await page.getByTestId('sidenav').getByRole('link', { name: '名前空間' }).waitFor();
  // An area's messages come with its code: the robots page speaks Japanese too.
  await page.goto(`${CONSOLE}organization/buynlarge/robots`);
  await page.getByRole('heading', { name: 'buynlarge のロボットアカウント' }).waitFor();
  assert.equal(await page.getByText('robots.', { exact: false }).count(), 0, 'no untranslated keys');
});

test("an area's code is fetched when it first opens; a failed fetch offers a retry, not a dead page", async (t) => {
  const { page, errors } = await open(t);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname.split('/').pop()); });
  await signInAs(page);
  await page.getByTestId('repo-row').first().waitFor();
  // The namespaces page needs the main module only: no area chunk was fetched.
  assert.deepEqual(wasm.filter((f) => f.startsWith('split_')), [], `fetched: ${wasm.join(', ')}`);
  // The robots chunk cannot be had (network down): an error panel with a retry.
  let blocked = 0;
  await page.route(/\/split_robots-[0-9a-f]+\.wasm$/, (route) => { blocked += 1; return route.abort('internetdisconnected'); });
  await page.evaluate(() => { history.pushState({}, '', 'organization/buynlarge/robots'); dispatchEvent(new PopStateEvent('popstate')); });
  await page.getByTestId('chunk-error').waitFor();
  assert.ok(blocked >= 1);
  assert.equal(await page.getByTestId('username').isVisible(), true, 'the shell still runs');
  // Back online: Retry loads the area.
  await page.unroute(/\/split_robots-[0-9a-f]+\.wasm$/);
  await page.getByTestId('chunk-error').getByRole('button', { name: 'Retry' }).click();
  await page.getByTestId('robot-row').first().waitFor();
  assert.ok(wasm.some((f) => f.startsWith('split_robots-')));
  assert.deepEqual(errors, []);
});
