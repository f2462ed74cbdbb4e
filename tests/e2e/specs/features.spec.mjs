// Quay's features (`GET /config`): read once per tab without the token, never on the first
// screen's bearer budget; a feature that is off is explained where a user looks for it; the time
// machine's permanent delete where Quay has PERMANENTLY_DELETE_TAGS.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, CONSOLE } from '../lib/harness.mjs';
import { HistoryPage, quay, aliveTag } from '../pages/tags.mjs';

after(closeBrowser);
beforeEach(async () => {
  await sandbox.reset();
  await sandbox.config('ok');
});

const features = (body) => sandbox.call('POST', 'features', body);
const SIMPLE = 'devtable/simple';

/** Every request to Quay's `/config`, with whether it carried a token. */
function watchConfig(page) {
  const seen = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/config') seen.push({ authorization: Boolean(r.headers()['authorization']) });
  });
  return seen;
}

test('with mirroring off, the mirror page explains it and offers no form', async (t) => {
  await features({ REPO_MIRROR: false });
  const { page } = await open(t);
  const configCalls = watchConfig(page);
  await signInAs(page, { path: `/repository/${SIMPLE}/mirror` });
  await page.getByTestId('mirroring-off').filter({ hasText: 'repository mirroring turned off' }).waitFor();
  assert.equal(await page.getByTestId('mirror-create').count(), 0);
  assert.equal(await page.locator('[data-testid="mirror-page"] form').count(), 0);
  // The side navigation marks the link off; the health page explains too.
  await page.getByTestId('nav-mirror').getByTestId('nav-off').waitFor();
  await page.goto(CONSOLE + 'mirrors/health');
  await page.getByTestId('mirroring-off').waitFor();
  assert.ok(configCalls.length >= 1, 'GET /config was read');
  assert.ok(configCalls.every((c) => !c.authorization), 'GET /config never carries the token');
});

test('with mirroring on (the default), the mirror page is as before', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/mirror` });
  await page.getByTestId('mirror-create').waitFor();
  assert.equal(await page.getByTestId('mirroring-off').count(), 0);
  assert.equal(await page.getByTestId('nav-mirror').getByTestId('nav-off').count(), 0);
});

test('the tags view: /config without the token, one bearer call before the first row', async (t) => {
  const { page } = await open(t);
  // Who sent each tag page request (the boot script or the console's wasm), for the message below
  // if the count is wrong: the boot script's early GET should be the only one.
  await page.addInitScript(() => {
    const fetch = window.fetch;
    window.__tagFetches = [];
    window.fetch = function (input, init) {
      const url = String((input && input.url) || input);
      if (url.includes('/tag/')) {
        const from = (new Error().stack || '').split('\n').slice(2, 4).join(' < ').replace(/\s+/g, ' ');
        window.__tagFetches.push(`${Date.now() - (window.__quayBoot?.at ?? 0)} ms: ${from}`);
      }
      return fetch.apply(this, arguments);
    };
  });
  await signInAs(page, { path: '/' });
  const bearer = [];
  const configCalls = watchConfig(page);
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/') && r.headers()['authorization']) bearer.push(new URL(r.url()).pathname);
  });
  // A cold load of the deep link in a tab that holds the token: /config is read once per tab.
  await page.evaluate(() => sessionStorage.removeItem('quay-console.features'));
  await page.goto(CONSOLE + `repository/${SIMPLE}/tags`);
  await page.getByTestId('tag-row').first().waitFor();
  const beforeRow = [...bearer];
  if (beforeRow.length !== 1) {
    const seen = await page.evaluate(() => ({ fetches: window.__tagFetches, boot: Object.keys(window.__quayBoot || {}) }));
    assert.fail(`${beforeRow.length} bearer calls before the first row:\n${beforeRow.join('\n')}\n${JSON.stringify(seen, null, 1)}`);
  }
  assert.match(beforeRow[0], /\/tag\/$/);
  await page.waitForFunction(() => sessionStorage.getItem('quay-console.features') !== null);
  assert.equal(configCalls.length, 1);
  assert.equal(configCalls[0].authorization, false);
});

/** Creates `name` on a manifest of devtable/simple, then deletes it: a tag in the time machine. */
async function deletedTag(name) {
  const prod = await aliveTag(SIMPLE, 'prod');
  assert.equal((await quay('PUT', `/repository/${SIMPLE}/tag/${name}`, { manifest_digest: prod.manifest_digest })).status, 201);
  assert.equal((await quay('DELETE', `/repository/${SIMPLE}/tag/${name}`)).status, 204);
}

test('a deleted tag is deleted permanently after typing its name, then shows as purged', async (t) => {
  await features({ PERMANENTLY_DELETE_TAGS: true });
  await deletedTag('purge-me');
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags/history?filter=purge-me` });
  const history = new HistoryPage(page);
  await page.locator('[data-testid="history-tag"][data-tag="purge-me"]').waitFor();
  const removed = history.events().filter({ has: page.getByTestId('history-purge') }).first();
  assert.equal(await removed.getAttribute('data-kind'), 'removed');
  assert.equal(await page.getByTestId('purge-off').count(), 0);
  await removed.getByTestId('history-purge').click();
  const ok = page.getByTestId('confirm-ok');
  await page.getByTestId('confirm-dialog').getByText(/Delete the deleted tag purge-me/).waitFor();
  assert.equal(await ok.isDisabled(), true, 'typed confirmation required');
  await page.getByTestId('confirm-typed').fill('purge-m');
  assert.equal(await ok.isDisabled(), true);
  await page.getByTestId('confirm-typed').fill('purge-me');
  await ok.click();
  await page.getByTestId('toast').filter({ hasText: 'purge-me was deleted permanently' }).waitFor();
  await page.locator('[data-testid="history-event"][data-kind="purged"]').filter({ hasText: 'Deleted permanently' }).waitFor();
  assert.equal(await page.getByTestId('history-purge').count(), 0, 'nothing left to purge');
  const { body } = await quay('GET', `/repository/${SIMPLE}/tag/?onlyActiveTags=false&specificTag=purge-me`);
  assert.ok(body.tags[0].end_ts < body.tags[0].start_ts, JSON.stringify(body.tags[0]));
});

test('where permanent deletion is off, the action is absent with a note', async (t) => {
  await deletedTag('keep-me');
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags/history?filter=keep-me` });
  await page.locator('[data-testid="history-tag"][data-tag="keep-me"]').waitFor();
  await page.getByTestId('purge-off').filter({ hasText: 'permanent tag deletion turned off' }).waitFor();
  await page.locator('[data-testid="history-event"][data-kind="removed"]').waitFor();
  assert.equal(await page.getByTestId('history-purge').count(), 0);
  assert.ok(await page.getByTestId('history-restore').count() >= 1, 'restore stays');
});
