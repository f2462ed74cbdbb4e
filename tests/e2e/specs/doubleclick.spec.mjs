// A double click on every submit and action button that writes sends one request (issue 17).
//
// Data-driven: BUTTONS lists every button of the console that sends a write (page, how to open and
// fill its form, the button, the write it sends). Each is clicked twice in two ways, each time on a
// fresh sandbox with every answer slowed down (the first write is still out when the second click
// comes): two `click()` calls in the same task (before Leptos can re-render the button disabled),
// and Playwright's `dblclick`. The sandbox must see exactly the expected writes: one per button (or
// one per selected item for a bulk action). The robot create form is the robots wizard's own test
// (`faults.spec.mjs`). A `<select>` that writes on change is not a button: the robot permission's
// role select is the last test here (the default permission's is in `access.spec.mjs`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, settle, SANDBOX } from '../lib/harness.mjs';
import { MirrorPage } from '../pages/mirrors.mjs';
import { RobotsPage } from '../pages/robots.mjs';
import { ApplicationsPage } from '../pages/applications.mjs';
import { aliveTag } from '../pages/tags.mjs';

const SIMPLE = 'devtable/simple';
const TAGS = `/repository/${SIMPLE}/tags`;
const NEWTAG = 'sha256:2055a332b8f0c885a59e47d60dd3df5f90615addb199c6ee1718da50cff7fd88';
const APPS = '/organization/buynlarge/applications';
const ROBOT = (tab = '') => RobotsPage.path('buynlarge', `?robot=coolrobot${tab}`);

/** Quay's API as devtable, with a token minted now (a sandbox reset forgets earlier ones). */
async function quay(method, path, body) {
  const { access_token: token } = await sandbox.token({ username: 'devtable' });
  const res = await fetch(`${SANDBOX}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** The open dialog with this test id (closed `<dialog>`s of the same kind stay in the page). */
const dialog = (page, id) => page.locator(`dialog[open][data-testid="${id}"]`);
const confirm = (page) => dialog(page, 'confirm-dialog').getByTestId('confirm-ok');
const select = async (page, ...names) => {
  for (const n of names) await page.locator(`[data-testid="tag-row"][data-tag="${n}"]`).getByRole('checkbox').check();
};

const BUTTONS = [
  // Tags: the list, the drawer, the selection, the history.
  { name: 'tag create', path: TAGS, write: ['PUT', /\/tag\/twice$/],
    prep: async (p) => { await p.getByTestId('add-tag').click(); const d = dialog(p, 'tag-form'); await d.getByTestId('tag-form-name').fill('twice'); await d.getByTestId('tag-form-digest').fill(NEWTAG); },
    button: (p) => dialog(p, 'tag-form').getByTestId('tag-form-submit') },
  { name: 'tag move', path: `${TAGS}?tag=prod`, write: ['PUT', /\/tag\/prod$/],
    prep: async (p) => { await p.getByTestId('tag-move').click(); await dialog(p, 'tag-form').getByTestId('tag-form-digest').fill(NEWTAG); },
    button: (p) => dialog(p, 'tag-form').getByTestId('tag-form-submit') },
  { name: 'tag add to this manifest', path: `${TAGS}?tag=prod`, write: ['PUT', /\/tag\/twice$/],
    prep: async (p) => { await p.getByTestId('tag-add-here').click(); await dialog(p, 'tag-form').getByTestId('tag-form-name').fill('twice'); },
    button: (p) => dialog(p, 'tag-form').getByTestId('tag-form-submit') },
  { name: 'tag delete', path: `${TAGS}?tag=prod`, write: ['DELETE', /\/tag\/prod$/],
    prep: async (p) => { await p.getByTestId('tag-delete').click(); }, button: confirm },
  { name: 'tag expiration', path: `${TAGS}?tag=prod`, write: ['PUT', /\/tag\/prod$/],
    prep: async (p) => { await p.getByTestId('tag-expire').click(); },
    button: (p) => dialog(p, 'expiration-form').getByTestId('expiration-submit') },
  { name: 'label add', path: `${TAGS}?tag=prod`, write: ['POST', /\/labels$/],
    prep: async (p) => { await p.getByTestId('label-key').fill('com.example.twice'); await p.getByTestId('label-value').fill('v'); },
    button: (p) => p.getByTestId('label-add') },
  { name: 'label delete', path: `${TAGS}?tag=prod`, write: ['DELETE', /\/labels\/[^/]+$/],
    prep: async (p) => {
      await p.getByTestId('label-key').fill('com.example.gone'); await p.getByTestId('label-value').fill('v');
      await p.getByTestId('label-add').click();
      await p.getByTestId('label-row').filter({ hasText: 'com.example.gone' }).getByTestId('label-delete').click();
    },
    button: confirm },
  { name: 'tag purge (permanent delete)', path: `${TAGS}/history?filter=twice-purged`, write: ['POST', /\/tag\/twice-purged\/expire$/],
    setup: async () => {
      await sandbox.call('POST', 'features', { PERMANENTLY_DELETE_TAGS: true });
      const prod = await aliveTag(SIMPLE, 'prod');
      await quay('PUT', `/repository/${SIMPLE}/tag/twice-purged`, { manifest_digest: prod.manifest_digest });
      await quay('DELETE', `/repository/${SIMPLE}/tag/twice-purged`);
    },
    prep: async (p) => {
      await p.locator('[data-testid="history-event"]').filter({ has: p.getByTestId('history-purge') }).first().getByTestId('history-purge').click();
      await dialog(p, 'confirm-dialog').getByTestId('confirm-typed').fill('twice-purged');
    },
    button: confirm },
  { name: 'tag immutable toggle', path: `${TAGS}?tag=prod`, write: ['PUT', /\/tag\/prod$/],
    prep: async () => {}, button: (p) => p.getByTestId('tag-immutable-toggle') },
  { name: 'bulk tag delete', path: TAGS, write: ['DELETE', /\/tag\/(latest|prod)$/], count: 2,
    prep: async (p) => { await select(p, 'latest', 'prod'); await p.getByTestId('bulk-delete').click(); }, button: confirm },
  { name: 'bulk tag expiration', path: TAGS, write: ['PUT', /\/tag\/(latest|prod)$/], count: 2,
    prep: async (p) => { await select(p, 'latest', 'prod'); await p.getByTestId('bulk-expire').click(); },
    button: (p) => dialog(p, 'expiration-form').getByTestId('expiration-submit') },
  { name: 'bulk make immutable', path: TAGS, write: ['PUT', /\/tag\/(latest|prod)$/], count: 2,
    prep: async (p) => { await select(p, 'latest', 'prod'); }, button: (p) => p.getByTestId('bulk-lock') },
  { name: 'history restore', path: `${TAGS}/history?filter=old-release`, write: ['POST', /\/restore$/],
    prep: async (p) => { await p.getByTestId('history-event').first().getByTestId('history-restore').click(); }, button: confirm },

  // Quotas.
  { name: 'quota create', path: '/organization/library/quotas', write: ['POST', /\/quota$/],
    prep: async (p) => { await p.getByRole('button', { name: 'Set a quota' }).click(); await dialog(p, 'quota-dialog').getByTestId('quota-size').fill('50 GiB'); },
    button: (p) => dialog(p, 'quota-dialog').getByTestId('quota-save') },
  { name: 'quota change', path: '/organization/buynlarge/quotas', write: ['PUT', /\/quota\/\d+$/],
    prep: async (p) => { await p.getByRole('button', { name: 'Change quota' }).click(); await dialog(p, 'quota-dialog').getByTestId('quota-size').fill('20 GiB'); },
    button: (p) => dialog(p, 'quota-dialog').getByTestId('quota-save') },
  { name: 'quota delete', path: '/organization/buynlarge/quotas', write: ['DELETE', /\/quota\/\d+$/],
    prep: async (p) => { await p.getByRole('button', { name: 'Delete quota' }).click(); }, button: confirm },
  { name: 'limit add', path: '/organization/buynlarge/quotas', write: ['POST', /\/limit$/],
    prep: async (p) => { await p.getByRole('button', { name: 'Add limit' }).click(); const d = dialog(p, 'limit-dialog'); await d.getByTestId('limit-type').selectOption('Reject'); await d.getByTestId('limit-percent').fill('95'); },
    button: (p) => dialog(p, 'limit-dialog').getByTestId('limit-save') },
  { name: 'limit change', path: '/organization/buynlarge/quotas', write: ['PUT', /\/limit\/\d+$/],
    prep: async (p) => { await p.getByTestId('limit-row').filter({ hasText: 'Warning' }).getByRole('button', { name: /^Change/ }).click(); await dialog(p, 'limit-dialog').getByTestId('limit-percent').fill('70'); },
    button: (p) => dialog(p, 'limit-dialog').getByTestId('limit-save') },
  { name: 'limit delete', path: '/organization/buynlarge/quotas', write: ['DELETE', /\/limit\/\d+$/],
    prep: async (p) => { await p.getByTestId('limit-row').filter({ hasText: 'Warning' }).getByRole('button', { name: /^Delete/ }).click(); }, button: confirm },
  { name: 'registry size recalculate', path: '/superuser/registry-size', write: ['POST', /\/superuser\/registrysize\/$/],
    prep: async (p) => { await p.getByTestId('registry-size').waitFor(); await p.waitForFunction(() => !document.querySelector('[data-testid="registry-recalculate"]')?.disabled); },
    button: (p) => p.getByTestId('registry-recalculate') },

  // Mirrors.
  { name: 'mirror create', path: '/repository/buynlarge/mirrortest/mirror', write: ['POST', /\/mirror$/],
    prep: async (p) => {
      const m = new MirrorPage(p);
      await m.reference().fill('127.0.0.1:5999/library/alpine');
      await m.tagInput().fill('latest'); await m.tagInput().press('Enter');
      await m.interval().fill('2'); await m.start().fill('2030-01-01T00:00');
      await m.robot().fill('buynlarge+coolrobot');
    },
    button: (p) => p.getByTestId('mirror-submit') },
  { name: 'mirror save', path: '/repository/library/etcd/mirror', write: ['PUT', /\/mirror$/],
    prep: async (p) => { await new MirrorPage(p).timeout().fill('900'); }, button: (p) => p.getByTestId('mirror-submit') },
  { name: 'mirror sync now', path: '/repository/library/etcd/mirror', write: ['POST', /\/mirror\/sync-now$/],
    prep: async (p) => { await new MirrorPage(p).waitStatus('SUCCESS'); }, button: (p) => p.getByTestId('mirror-sync-now') },
  { name: 'mirror disable', path: '/repository/library/etcd/mirror', write: ['PUT', /\/mirror$/],
    prep: async (p) => { await p.getByTestId('mirror-disable').click(); }, button: confirm },
  { name: 'mirror sync cancel', path: '/repository/library/traefik/mirror', write: ['POST', /\/mirror\/sync-cancel$/],
    prep: async (p) => {
      const m = new MirrorPage(p);
      await m.waitStatus('SUCCESS');
      await m.syncNow().click();
      await m.waitStatus('SYNC_NOW');
      await m.cancelSync().click();
    },
    button: confirm },

  // Access: default permissions, proxy cache, authorized applications.
  { name: 'default permission create', path: '/organization/buynlarge/default-permissions', write: ['POST', /\/prototypes$/],
    prep: async (p) => { await p.getByTestId('proto-row').first().waitFor(); await p.getByTestId('proto-create').click(); const d = dialog(p, 'proto-create-dialog'); await d.getByTestId('proto-kind-robot').check(); await d.getByTestId('proto-name').fill('coolrobot'); },
    button: (p) => dialog(p, 'proto-create-dialog').getByTestId('proto-save') },
  { name: 'default permission delete', path: '/organization/buynlarge/default-permissions', write: ['DELETE', /\/prototypes\/.+$/],
    prep: async (p) => { await p.getByTestId('proto-row').first().getByTestId('proto-delete').click(); }, button: confirm },
  { name: 'proxy cache check', path: '/organization/proxytest/proxy-cache', write: ['POST', /\/validateproxycache$/],
    prep: async (p) => { await p.getByTestId('proxy-upstream-input').fill('docker.io'); }, button: (p) => p.getByTestId('proxy-check') },
  { name: 'proxy cache create', path: '/organization/proxytest/proxy-cache', write: ['POST', /\/proxycache$/],
    prep: async (p) => { await p.getByTestId('proxy-upstream-input').fill('docker.io'); }, button: (p) => p.getByTestId('proxy-save') },
  { name: 'proxy cache delete', path: '/organization/proxyorg/proxy-cache', write: ['DELETE', /\/proxycache$/],
    prep: async (p) => { await p.getByTestId('proxy-delete').click(); }, button: confirm },
  { name: 'authorized application revoke', path: '/user/authorizations', reset: { auth: true }, write: ['DELETE', /\/user\/authorizations\/.+$/],
    setup: () => sandbox.token({ username: 'devtable', client_id: 'deadbeef', scopes: ['repo:read'] }),
    prep: async (p) => { await p.getByTestId('grant-row').filter({ hasText: 'Some Test App' }).getByTestId('grant-revoke').click(); }, button: confirm },

  // Tag lifecycle policies.
  { name: 'immutability policy create', path: `/repository/${SIMPLE}/immutability-policies`, write: ['POST', /\/immutabilitypolicy\/$/],
    prep: async (p) => { await p.getByTestId('imm-create').click(); await dialog(p, 'imm-dialog').getByTestId('imm-pattern-input').fill('^prod$'); },
    button: (p) => dialog(p, 'imm-dialog').getByTestId('imm-save') },
  { name: 'immutability policy delete', path: `/repository/${SIMPLE}/immutability-policies`, write: ['DELETE', /\/immutabilitypolicy\/.+$/],
    setup: () => quay('POST', `/repository/${SIMPLE}/immutabilitypolicy/`, { tagPattern: '^v1$', tagPatternMatches: true }),
    prep: async (p) => { await p.getByTestId('imm-row').first().getByTestId('imm-delete').click(); }, button: confirm },
  { name: 'auto-prune policy create', path: `/repository/${SIMPLE}/autoprune-policies`, write: ['POST', /\/autoprunepolicy\/$/],
    prep: async (p) => { await p.getByTestId('prune-create').click(); await dialog(p, 'prune-dialog').getByTestId('prune-value').fill('5'); },
    button: (p) => dialog(p, 'prune-dialog').getByTestId('prune-save') },
  { name: 'auto-prune policy delete', path: `/repository/${SIMPLE}/autoprune-policies`, write: ['DELETE', /\/autoprunepolicy\/.+$/],
    setup: () => quay('POST', `/repository/${SIMPLE}/autoprunepolicy/`, { method: 'number_of_tags', value: 5 }),
    prep: async (p) => { await p.getByTestId('prune-row').first().getByTestId('prune-delete').click(); }, button: confirm },

  // OAuth applications and app tokens.
  { name: 'application create', path: APPS, write: ['POST', /\/organization\/buynlarge\/applications$/],
    prep: async (p) => { const a = new ApplicationsPage(p); await a.rows().first().waitFor(); await a.createButton().click(); await a.fill(a.createDialog(), { name: 'Twice', applicationUri: 'https://twice.example', redirectUri: 'https://twice.example/cb' }); },
    button: (p) => dialog(p, 'app-create-dialog').getByTestId('app-save') },
  { name: 'application edit', path: `${APPS}?app=deadbeef`, write: ['PUT', /\/applications\/deadbeef$/],
    prep: async (p) => { await p.getByTestId('app-edit').click(); await new ApplicationsPage(p).fill(dialog(p, 'app-edit-dialog'), { description: 'edited once' }); },
    button: (p) => dialog(p, 'app-edit-dialog').getByTestId('app-save') },
  { name: 'application reset secret', path: `${APPS}?app=deadbeef`, write: ['POST', /\/resetclientsecret$/],
    prep: async (p) => { await p.getByTestId('reset-secret').click(); }, button: confirm },
  { name: 'application delete', path: `${APPS}?app=deadbeef`, write: ['DELETE', /\/applications\/deadbeef$/],
    prep: async (p) => { await p.getByTestId('app-delete').click(); }, button: confirm },
  { name: 'issued token revoke', path: `${APPS}?app=deadbeef`, reset: { auth: true }, write: ['DELETE', /\/applications\/deadbeef\/tokens\/.+$/],
    setup: () => sandbox.token({ username: 'devtable', client_id: 'deadbeef', scopes: ['repo:read'] }),
    prep: async (p) => { await p.getByTestId('issued-row').filter({ hasText: 'repo:read' }).getByTestId('issued-revoke').click(); }, button: confirm },
  { name: 'app token create', path: '/user/apptokens', write: ['POST', /\/user\/apptoken$/],
    prep: async (p) => { await p.getByTestId('apptoken-create').click(); await dialog(p, 'apptoken-create-dialog').getByTestId('apptoken-title').fill('twice'); },
    button: (p) => dialog(p, 'apptoken-create-dialog').getByTestId('apptoken-save') },
  { name: 'app token revoke', path: '/user/apptokens', write: ['DELETE', /\/user\/apptoken\/.+$/],
    setup: () => quay('POST', '/user/apptoken', { title: 'to revoke' }),
    prep: async (p) => { await p.getByTestId('apptoken-row').filter({ hasText: 'to revoke' }).getByTestId('apptoken-revoke').click(); }, button: confirm },

  // Robots (the create wizard is tested in faults.spec.mjs).
  { name: 'robot delete', path: ROBOT(), write: ['DELETE', /\/robots\/coolrobot$/],
    prep: async (p) => { await p.getByTestId('delete-robot').click(); }, button: confirm },
  { name: 'robot token regenerate', path: ROBOT('&tab=credentials'), write: ['POST', /\/robots\/coolrobot\/regenerate$/],
    prep: async (p) => { await p.getByTestId('regenerate').click(); }, button: confirm },
  { name: 'robots bulk delete', path: RobotsPage.path('buynlarge'), write: ['DELETE', /\/robots\/[^/]+$/], count: 2,
    prep: async (p) => { const r = new RobotsPage(p); await r.rows().first().waitFor(); await r.rows().nth(0).getByTestId('robot-select').check(); await r.rows().nth(1).getByTestId('robot-select').check(); await r.bulkDelete().click(); },
    button: confirm },
  { name: 'robot permission grant', path: ROBOT('&tab=permissions'), write: ['PUT', /\/repository\/buynlarge\/mirrortest\/permissions\/user\/buynlarge(\+|%2B)coolrobot$/],
    prep: async (p) => { const g = p.getByTestId('grant-form'); await p.getByTestId('permissions-table').waitFor(); await g.getByTestId('grant-repo').fill('mirrortest'); },
    button: (p) => p.getByTestId('grant-form').getByTestId('grant-submit') },
  { name: 'robot federation add', path: ROBOT('&tab=federation'), write: ['POST', /\/federation$/],
    prep: async (p) => { const f = p.getByTestId('federation-form'); await f.getByLabel('Issuer').fill('https://issuer.example'); await f.getByLabel('Subject').fill('double'); },
    button: (p) => p.getByTestId('federation-form').getByTestId('fed-add') },

  // Usage logs: a server export.
  // The shell: revoking the console's grants, one DELETE per grant (the sandbox holds several):
  // each grant once.
  { name: 'sign out everywhere', path: '/', write: ['DELETE', /\/user\/authorizations\/.+$/], distinct: 'grant',
    prep: async (p) => { await p.getByTestId('sign-out-everywhere').click(); },
    button: (p) => p.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }) },
  { name: 'logs server export', path: '/organization/buynlarge/logs', write: ['POST', /\/exportlogs$/],
    prep: async (p) => { await p.getByTestId('logs-export-open').click(); await p.getByTestId('export-callback').fill('admin@example.com'); },
    button: (p) => p.getByTestId('export-submit') },
];

after(async () => {
  console.log(`${BUTTONS.length} submit buttons: one request each`);
  await closeBrowser();
});

const writesOf = async ([method, path]) => (await sandbox.requests())
  .filter((r) => r.method === method && path.test(r.path));

/** Two clicks in one task: the second comes before any re-render could disable the button. */
const sameTask = (locator) => locator.evaluate((el) => { el.click(); el.click(); });
const CLICKS = { 'two clicks in one task': sameTask, dblclick: (locator) => locator.dblclick() };

for (const b of BUTTONS) {
  test(`double click: ${b.name} sends ${b.distinct ? `one ${b.write[0]} per ${b.distinct}` : `${b.count || 1} ${b.write[0]}`}`, async (t) => {
    for (const [how, click] of Object.entries(CLICKS)) {
      await sandbox.reset(b.reset || {});
      await sandbox.config('ok');
      if (b.setup) await b.setup();
      const { page } = await open(t);
      await signInAs(page, { path: b.path });
      await settle(page);
      await b.prep(page);
      const button = b.button(page);
      await button.waitFor();
      await sandbox.clearRequests();
      await sandbox.faults({ latency_ms: 400 });
      await click(button);
      const expected = b.count || 1;
      // Every expected write answered, then time for a second one to show up if it were sent.
      for (let i = 0; i < 60 && (await writesOf(b.write)).length < expected; i += 1) await page.waitForTimeout(200);
      await page.waitForTimeout(1200);
      await sandbox.clearFaults();
      const sent = await writesOf(b.write);
      const said = `${b.name} (${how}): ${sent.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')}`;
      if (b.distinct) {
        assert.ok(sent.length >= 1, said);
        assert.equal(new Set(sent.map((r) => r.path)).size, sent.length, `each once: ${said}`);
      } else {
        assert.equal(sent.length, expected, said);
      }
      await page.close();
    }
  });
}

// Not a button: a robot's role `<select>` sends its PUT on change. Two changes in one task (the
// second before the first is answered) send one PUT; the select then shows what Quay holds.
test('double change: a robot permission role select changed twice sends one PUT', async (t) => {
  await sandbox.reset({});
  await sandbox.config('ok');
  const { page } = await open(t);
  await signInAs(page, { path: ROBOT('&tab=permissions') });
  const select = page.getByTestId('permission-row').first().getByTestId('role-select');
  await select.waitFor();
  const before = await select.inputValue();
  const [first, second] = ['read', 'write', 'admin'].filter((r) => r !== before);
  await sandbox.clearRequests();
  await sandbox.faults({ latency_ms: 400 });
  await select.evaluate((el, [a, b]) => {
    for (const value of [a, b]) {
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }, [first, second]);
  const puts = async () => (await sandbox.requests()).filter((r) => r.method === 'PUT' && /\/permissions\/user\//.test(r.path));
  for (let i = 0; i < 60 && (await puts()).length < 1; i += 1) await page.waitForTimeout(200);
  await page.waitForTimeout(1200);
  await sandbox.clearFaults();
  const sent = await puts();
  assert.equal(sent.length, 1, sent.map((r) => `${r.method} ${r.path}`).join(', '));
  await page.getByTestId('toast').first().waitFor();
  await settle(page);
  assert.equal(await page.getByTestId('permission-row').first().getByTestId('role-select').inputValue(), first,
    'the select shows the role Quay holds, not the second choice that was not sent');
  await page.close();
});
