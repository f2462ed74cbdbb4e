// Hostile data (issue 17, item 1): the sandbox's hostile seed (`POST /__sandbox/reset
// {"seed":"hostile"}`, see sandbox/src/hostile.rs) writes a corpus of payloads (script tags,
// `<img onerror>`, `javascript:` in several casings and disguises, `data:` and `vbscript:` URLs, SVG,
// CSS `expression`, RTL overrides and zero-width characters, 10,000-character strings, NUL, a lone
// surrogate) into every text Quay echoes. This spec visits every page and opens its drawers and
// dialogs on that data, and after each screen checks that nothing ran (no `window.__pwned`, no
// dialog, no request to `/__sandbox/pwned`), no element or attribute came from a payload, no
// `href`/`src` has a scheme other than http(s) (or the console's own `blob:` downloads), the page does
// not scroll sideways, and no page error happened (the harness). It prints
// "N payloads × M screens: inert" and writes the figures to target/robustness/hostile.json for
// `cargo xtask robustness`.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open, signInAs, sandbox, closeBrowser, settle, CONSOLE, SANDBOX } from '../lib/harness.mjs';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'target', 'robustness');
const screens = [];
let payloads = 0;

before(async () => {
  const read = await fetch(`${SANDBOX}/__sandbox/pwned?read`);
  payloads = (await read.json()).payloads;
});

after(async () => {
  await closeBrowser();
  const line = `${payloads} payloads × ${screens.length} screens: inert`;
  console.log(line);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'hostile.json'), JSON.stringify({ payloads, screens, line }, null, 2));
});

/** Opens a signed-in page on the hostile data, with the run-detectors armed. */
async function hostile(t, path) {
  await sandbox.reset({ auth: true, seed: 'hostile' });
  await sandbox.config('ok');
  const opened = await open(t);
  const { page } = opened;
  const seen = { dialogs: [], pwnedRequests: [] };
  page.on('dialog', (d) => { seen.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('request', (r) => {
    const url = r.url();
    if (url.includes('/__sandbox/pwned') || /\/x$/.test(new URL(url).pathname)) seen.pwnedRequests.push(url);
  });
  await signInAs(page, { path });
  return { ...opened, seen };
}

async function visit(page, path) {
  await page.goto(CONSOLE + path.replace(/^\//, ''));
  await page.getByTestId('username').waitFor();
  await settle(page);
}

/** Everything a screen must be: inert, no payload markup, only web links, no sideways scroll. */
async function inert(page, seen, name) {
  await settle(page, 200);
  const found = await page.evaluate(() => {
    const problems = [];
    if (window.__pwned) problems.push('window.__pwned is set');
    const describe = (el) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> in ${el.parentElement?.closest('[data-testid]')?.dataset.testid ?? '?'}`;
    for (const el of document.querySelectorAll('body script, iframe, object, embed, frame, frameset, circle, body base, body meta, body link, body style')) {
      problems.push(`payload element ${describe(el)}`);
    }
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const n = attr.name.toLowerCase();
        if (n.startsWith('on')) problems.push(`event attribute ${n} on ${describe(el)}`);
        if (n === 'style' && /expression\s*\(|javascript:/i.test(attr.value)) problems.push(`style ${attr.value.slice(0, 60)} on ${describe(el)}`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'srcset', 'data'].includes(n)) {
          let scheme;
          try { scheme = new URL(attr.value, document.baseURI).protocol; } catch { scheme = 'unparsable:'; }
          if (!['http:', 'https:', 'blob:'].includes(scheme)) problems.push(`${n}=${attr.value.slice(0, 60)} (${scheme}) on ${describe(el)}`);
        }
      }
    }
    for (const img of document.querySelectorAll('img')) {
      if (img.getAttribute('src') === 'x') problems.push(`payload image ${describe(img)}`);
    }
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 1) {
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(-3).map(describe);
      // Text that overflows a box that itself fits.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node && wide.length < 6; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        if (range.getBoundingClientRect().right > window.innerWidth + 1) wide.push(`text in ${describe(node.parentElement)}`);
      }
      problems.push(`page scrolls sideways by ${overflow}px (${wide.join(', ')})`);
    }
    return problems;
  });
  const count = (await (await fetch(`${SANDBOX}/__sandbox/pwned?read`)).json()).count;
  if (count > 0) found.push(`${count} request(s) to /__sandbox/pwned`);
  found.push(...seen.dialogs.map((d) => `dialog ${d}`), ...seen.pwnedRequests.map((u) => `request ${u}`));
  assert.deepEqual(found, [], `${name}: ${found.join('\n')}`);
  screens.push(name);
}

/** Closes the open drawer (its close button) or dialog (Escape). */
async function closeDrawer(page) {
  const close = page.locator('[data-testid="drawer-close"]:visible, [data-testid="log-drawer-close"]:visible');
  if (await close.count() > 0) await close.first().click();
  else await page.keyboard.press('Escape');
  await page.waitForTimeout(150);
}

test('hostile data: home, namespaces, repository page and the palette', async (t) => {
  const { page, seen } = await hostile(t, '/');
  await page.getByTestId('repo-row').first().waitFor();
  await inert(page, seen, 'home');
  await visit(page, '/?ns=buynlarge');
  await page.getByTestId('repo-row').first().waitFor();
  await inert(page, seen, 'home: buynlarge');
  await visit(page, '/repository/buynlarge/orgrepo');
  await inert(page, seen, 'repository');
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').waitFor();
  await page.getByTestId('palette-input').fill('buynlarge');
  await page.waitForTimeout(300);
  await inert(page, seen, 'palette');
});

test('hostile data: tags, the tag drawer with labels, and the history', async (t) => {
  const { page, seen } = await hostile(t, '/repository/buynlarge/orgrepo/tags');
  await page.getByTestId('tag-row').first().waitFor({ timeout: 15000 });
  await inert(page, seen, 'tags');
  const long = `t${'a'.repeat(127)}`;
  for (const name of [long, 'שלום-עולם']) {
    await page.locator(`[data-testid="tag-row"][data-tag="${name}"]`).getByTestId('tag-name').click();
    await page.getByTestId('tag-details').waitFor();
    await page.getByTestId('label-row').first().waitFor({ timeout: 10000 });
    await inert(page, seen, `tag drawer: ${name.slice(0, 12)}`);
    await closeDrawer(page);
  }
  await visit(page, '/repository/buynlarge/orgrepo/tags/history');
  await page.getByTestId('history-tag').first().waitFor({ timeout: 15000 });
  await inert(page, seen, 'tag history');
});

test('hostile data: robots, every hostile robot drawer and tab, the create dialog', async (t) => {
  const { page, seen } = await hostile(t, '/organization/buynlarge/robots');
  await page.getByTestId('robot-row').first().waitFor();
  await inert(page, seen, 'robots');
  const shorts = await page.getByTestId('robot-row').evaluateAll((rows) => rows.map((r) => r.dataset.robot));
  const hostileRows = shorts.filter((s) => s.startsWith('hostile_'));
  assert.ok(hostileRows.length >= 5, `hostile robots on screen: ${shorts.join(', ')}`);
  for (const short of hostileRows.slice(0, 8)) {
    await page.locator(`[data-testid="robot-row"][data-robot="${short}"]`).getByTestId('robot-link').click();
    const drawer = page.getByTestId('robot-drawer');
    await drawer.waitFor();
    await settle(page, 100);
    for (const tab of await drawer.getByRole('tab').all()) {
      await tab.click();
      await settle(page, 100);
    }
    await inert(page, seen, `robot drawer: ${short.slice(0, 20)}`);
    await closeDrawer(page);
  }
  await page.getByRole('button', { name: 'Create robot account' }).first().click();
  await page.getByTestId('create-dialog').waitFor();
  await inert(page, seen, 'robot create dialog');
  // The wizard's steps on hostile repositories (their descriptions are searched, names shown),
  // through the creation to its outcome and credentials.
  const wizard = page.getByTestId('create-dialog');
  await wizard.getByTestId('robot-name').fill('hostile_wizard');
  await wizard.getByTestId('wiz-next').click();
  await wizard.getByTestId('repo-row').first().waitFor();
  await wizard.getByTestId('repo-search').fill('<img');
  await settle(page, 100);
  await wizard.getByTestId('repo-search').fill('');
  await wizard.getByTestId('repo-row').first().getByTestId('repo-role').selectOption('read');
  await inert(page, seen, 'robot wizard: repositories');
  await wizard.getByTestId('wiz-next').click();
  await wizard.getByTestId('default-step').waitFor();
  await wizard.getByTestId('wiz-next').click();
  await wizard.getByTestId('review-step').waitFor();
  await inert(page, seen, 'robot wizard: review');
  await wizard.getByTestId('create-submit').click();
  await wizard.getByTestId('wizard-credentials').waitFor();
  await inert(page, seen, 'robot wizard: outcome and credentials');
  await closeDrawer(page);
  await visit(page, '/user/robots');
  await page.getByTestId('robot-row').first().waitFor();
  await inert(page, seen, 'user robots');
});

test('hostile data: applications, each drawer and its edit dialog, app tokens', async (t) => {
  const { page, seen } = await hostile(t, '/organization/buynlarge/applications');
  await page.getByTestId('app-row').first().waitFor();
  await inert(page, seen, 'applications');
  const links = page.getByTestId('apps-table').getByRole('link');
  const n = await links.count();
  assert.ok(n >= 20, `applications listed: ${n}`);
  for (let i = 0; i < n; i += 1) {
    // The top-left corner: a name of 10,000 characters may be taller than the screen.
    await links.nth(i).click({ position: { x: 4, y: 4 } });
    await page.getByTestId('app-title').waitFor();
    await settle(page, 100);
    await inert(page, seen, `application drawer ${i + 1}`);
    if (i % 5 === 0) {
      await page.getByTestId('app-edit').click();
      await page.getByTestId('app-edit-dialog').waitFor();
      await inert(page, seen, `application edit dialog ${i + 1}`);
      await closeDrawer(page);
    }
    await closeDrawer(page);
    await visit(page, '/organization/buynlarge/applications');
    await page.getByTestId('app-row').first().waitFor();
  }
  await visit(page, '/user/apptokens');
  await inert(page, seen, 'app tokens');
});

test('hostile data: quotas, mirror, default permissions, authorizations', async (t) => {
  const { page, seen } = await hostile(t, '/organization/buynlarge/quotas');
  await inert(page, seen, 'quotas');
  await visit(page, '/repository/devtable/mirrored/mirror');
  await page.getByTestId('mirror-tags').first().waitFor({ timeout: 15000 }).catch(() => {});
  await inert(page, seen, 'mirror');
  await visit(page, '/superuser/mirrors');
  await inert(page, seen, 'superuser mirrors');
  await visit(page, '/organization/buynlarge/default-permissions');
  await page.getByTestId('proto-row').first().waitFor();
  await inert(page, seen, 'default permissions');
  await page.getByTestId('proto-create').click();
  await page.getByTestId('proto-create-dialog').waitFor();
  await inert(page, seen, 'default permission dialog');
  await closeDrawer(page);
  await visit(page, '/user/authorizations');
  await page.getByTestId('grant-row').nth(5).waitFor();
  await inert(page, seen, 'authorizations');
  await visit(page, '/organization/syncedorg/mirror');
  await page.getByTestId('orgmirror-repo-row').first().waitFor();
  await inert(page, seen, 'organization mirror');
  await visit(page, '/organization/syncedorg/mirror?edit=1');
  await page.getByTestId('orgmirror-form').waitFor();
  await inert(page, seen, 'organization mirror form');
  await visit(page, '/organization/buynlarge/review');
  await page.getByTestId('review-progress-text').getByText(/complete/).waitFor({ timeout: 20000 });
  await inert(page, seen, 'access review');
  await page.locator('button[data-testid="review-remedy"]').first().click();
  await page.locator('dialog[open]').waitFor();
  await inert(page, seen, 'access review remedy');
  await page.keyboard.press('Escape');
  await visit(page, '/user/review');
  await page.getByTestId('review-progress-text').getByText(/complete/).waitFor({ timeout: 20000 });
  await inert(page, seen, 'user access review');
});

test('hostile data: usage logs and the log drawer of every kind', async (t) => {
  const { page, seen } = await hostile(t, '/organization/buynlarge/logs');
  await page.getByTestId('log-row').first().waitFor({ timeout: 20000 });
  await inert(page, seen, 'logs');
  const kinds = await page.getByTestId('log-row').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  const opened = new Set();
  for (let i = 0; i < kinds.length && opened.size < 12; i += 1) {
    if (opened.has(kinds[i])) continue;
    opened.add(kinds[i]);
    await page.getByTestId('log-row').nth(i).click();
    await page.getByTestId('log-drawer').waitFor();
    await inert(page, seen, `log drawer: ${kinds[i]}`);
    await closeDrawer(page);
  }
  await visit(page, '/repository/devtable/simple/logs');
  await page.getByTestId('log-row').first().waitFor({ timeout: 20000 });
  await inert(page, seen, 'repository logs');
});
