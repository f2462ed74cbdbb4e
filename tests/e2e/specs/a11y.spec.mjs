// Accessibility audit (axe-core) of every view, in the light and the dark theme: zero serious or
// critical violations; and two layout faults axe does not see: a table cell laid out as something
// else (a generic class such as `.actions` turning a `<td>` into a flex box breaks its row), and a
// namespace list entry spilling into the column beside it (a long name must shorten instead), a top
// bar on two lines, a page wider than the window.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, CONSOLE, settle, injectAxe } from '../lib/harness.mjs';

after(closeBrowser);
before(() => sandbox.reset());

const VIEWS = [
  '/',
  '/?ns=buynlarge',
  '/repository/devtable/simple',
  '/repository/devtable/simple/tags',
  '/repository/devtable/simple/tags/history',
  '/repository/devtable/mirrored/mirror',
  '/repository/devtable/simple/logs',
  '/organization/buynlarge/robots',
  '/organization/buynlarge/robots?create=1&step=1',
  '/organization/buynlarge/robots?create=1&step=2',
  '/organization/buynlarge/robots?create=1&step=3',
  '/organization/buynlarge/robots?create=1&step=4',
  '/user/robots',
  '/organization/buynlarge/applications',
  '/user/apptokens',
  '/organization/buynlarge/default-permissions',
  '/organization/proxytest/proxy-cache',
  '/organization/proxyorg/proxy-cache',
  '/organization/mirrororg/mirror',
  '/organization/mirrororg/mirror?edit=1',
  '/organization/syncedorg/mirror',
  '/organization/syncedorg/mirror?status=fail',
  '/user/authorizations',
  '/organization/revieworg/review',
  '/user/review',
  '/organization/buynlarge/immutability-policies',
  '/repository/devtable/simple/immutability-policies',
  '/organization/buynlarge/autoprune-policies',
  '/user/autoprune-policies',
  '/repository/devtable/simple/autoprune-policies',
  '/organization/buynlarge/quotas',
  '/user/quotas',
  '/organization/buynlarge/logs',
  '/user/logs',
  '/superuser/logs',
  '/superuser/quotas',
  '/superuser/registry-size',
  '/superuser/mirrors',
  '/mirrors/health',
];

async function audit(page) {
  await injectAxe(page);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return result;
}

/** Layout faults on the page, one line each. */
function layout(page) {
  return page.evaluate(() => {
    const faults = [];
    for (const cell of document.querySelectorAll('main td, main th')) {
      const display = getComputedStyle(cell).display;
      if (display !== 'table-cell' && display !== 'none') {
        faults.push(`a ${cell.tagName.toLowerCase()}.${cell.className || '(no class)'} is laid out as ${display}`);
      }
    }
    for (const list of document.querySelectorAll('.namespace-list')) {
      const right = list.getBoundingClientRect().right;
      for (const el of list.querySelectorAll('li *')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > right + 1) faults.push(`"${el.textContent}" spills ${Math.round(r.right - right)} px out of the namespace list`);
      }
    }
    // The top bar is one line (its controls do not break their words), and nothing makes the page
    // wider than the window.
    const bar = document.querySelector('.topbar');
    if (bar && bar.getBoundingClientRect().height > 64) faults.push(`the top bar is ${Math.round(bar.getBoundingClientRect().height)} px high`);
    const wide = document.documentElement.scrollWidth - window.innerWidth;
    if (wide > 0) faults.push(`the page is ${wide} px wider than the window`);
    return [...new Set(faults)];
  });
}

for (const theme of ['light', 'dark']) {
  test(`every view passes axe in the ${theme} theme`, async (t) => {
    const { page } = await open(t);
    // Every scope named, as Quay's callback names them: the top bar then lists them all.
    await signInAs(page, { scopes: ['repo:read', 'repo:write', 'repo:admin', 'repo:create', 'user:read', 'user:admin', 'org:admin', 'super:user'] });
    await page.evaluate((th) => localStorage.setItem('quay-console.theme', th), theme);
    const failures = [];
    for (const view of VIEWS) {
      await page.goto(CONSOLE + view.replace(/^\//, ''));
      await page.getByTestId('username').waitFor();
      await settle(page, 400);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
      const violations = [...(await audit(page)), ...(await layout(page))];
      if (violations.length) failures.push(`${view}: ${violations.join('; ')}`);
    }
    assert.deepEqual(failures, []);
  });
}
