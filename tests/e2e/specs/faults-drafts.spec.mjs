// Fault: 401 in the middle of a form, over every form where a person types (issue 17). For each:
// open the form, type, make Quay answer 401 (the token is revoked) and send; the shell unmounts and
// asks to sign in again; after signing in again through Quay's pages the form is back, open, with
// what was typed (never a password: the mirror and proxy cache forms leave it out of the draft),
// and cancelling a dialog drops the draft. The robot and application forms are in faults.spec.mjs.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, settle } from '../lib/harness.mjs';
import { signInAgain, drafts } from '../lib/signin.mjs';
import { Shell } from '../pages/shell.mjs';

const SIMPLE = 'devtable/simple';
const TAGS = `/repository/${SIMPLE}/tags`;
const NEWTAG = 'sha256:2055a332b8f0c885a59e47d60dd3df5f90615addb199c6ee1718da50cff7fd88';

/** The open dialog with this test id, or the page for an inline form. */
const within = (page, id) => (id ? page.locator(`dialog[open][data-testid="${id}"]`) : page);

// Each field: [test id, value, how ('fill' | 'select' | 'check')]; `secret` is typed but must
// come back empty and never be kept.
const FORMS = [
  { name: 'tag create', path: TAGS, dialog: 'tag-form', opener: 'add-tag', submit: 'tag-form-submit',
    fields: [['tag-form-name', 'drafted'], ['tag-form-digest', NEWTAG]] },
  { name: 'tag move', path: `${TAGS}?tag=prod`, dialog: 'tag-form', opener: 'tag-move', submit: 'tag-form-submit',
    fields: [['tag-form-digest', NEWTAG]] },
  { name: 'tag expiration', path: `${TAGS}?tag=prod`, dialog: 'expiration-form', opener: 'tag-expire', submit: 'expiration-submit',
    fields: [['expiration-value', '2031-02-03T04:05']] },
  { name: 'manifest label', path: `${TAGS}?tag=prod`, submit: 'label-add',
    fields: [['label-key', 'com.example.draft'], ['label-value', 'kept']] },
  { name: 'quota', path: '/organization/library/quotas', dialog: 'quota-dialog', opener: 'quota-create', submit: 'quota-save',
    fields: [['quota-size', '42 GiB']] },
  { name: 'quota limit', path: '/organization/buynlarge/quotas', dialog: 'limit-dialog', openerRole: 'Add limit', submit: 'limit-save',
    fields: [['limit-type', 'Reject', 'select'], ['limit-percent', '95']] },
  { name: 'mirror', path: '/repository/buynlarge/mirrortest/mirror', submit: 'mirror-submit',
    prep: async (p) => { const tags = p.getByRole('textbox', { name: 'New tag pattern' }); await tags.fill('latest'); await tags.press('Enter'); },
    fields: [['mirror-reference', '127.0.0.1:5999/library/alpine'], ['mirror-start', '2030-01-01T00:00'], ['mirror-robot', 'buynlarge+coolrobot'],
      ['mirror-username', 'someone'], ['mirror-timeout', '900']],
    secret: 'mirror-password' },
  { name: 'default permission', path: '/organization/buynlarge/default-permissions', dialog: 'proto-create-dialog', opener: 'proto-create', submit: 'proto-save',
    fields: [['proto-kind-robot', true, 'check'], ['proto-name', 'coolrobot'], ['proto-new-role', 'write', 'select']] },
  { name: 'immutability policy', path: `/repository/${SIMPLE}/immutability-policies`, dialog: 'imm-dialog', opener: 'imm-create', submit: 'imm-save',
    fields: [['imm-pattern-input', '^draft$'], ['imm-nomatch', true, 'check']] },
  { name: 'auto-prune policy', path: `/repository/${SIMPLE}/autoprune-policies`, dialog: 'prune-dialog', opener: 'prune-create', submit: 'prune-save',
    fields: [['prune-value', '7'], ['prune-pattern', '^tmp-']] },
  { name: 'proxy cache', path: '/organization/proxytest/proxy-cache', submit: 'proxy-save',
    fields: [['proxy-upstream-input', 'docker.io'], ['proxy-expiration-input', '7200'], ['proxy-username-input', 'bot']],
    secret: 'proxy-password-input' },
  { name: 'robot permission grant', path: '/organization/buynlarge/robots?robot=coolrobot&tab=permissions', submit: 'grant-submit',
    fields: [['grant-repo', 'anotherorgrepo'], ['grant-role', 'write', 'select']] },
  { name: 'robot federation', path: '/organization/buynlarge/robots?robot=coolrobot&tab=federation', submit: 'fed-add',
    fields: [['fed-issuer', 'https://issuer.example.com'], ['fed-subject', 'repo:org/app:ref:refs/heads/main']] },
  { name: 'logs server export', path: '/organization/buynlarge/logs', dialog: 'logs-export', opener: 'logs-export-open', submit: 'export-submit',
    cancel: 'Close', fields: [['export-target-url', true, 'check'], ['export-callback', 'https://hooks.example.com/quay-logs']] },
  { name: 'app token', path: '/user/apptokens', dialog: 'apptoken-create-dialog', opener: 'apptoken-create', submit: 'apptoken-save',
    fields: [['apptoken-title', 'drafted token']] },
];

const SECRET = 's3cret-never-kept';
let survived = 0;

after(async () => {
  // Plus the robot and the application forms of faults.spec.mjs.
  console.log(`${FORMS.length + 2} forms: drafts back after a 401, ${FORMS.length - survived} inputs lost here`);
  await closeBrowser();
});
beforeEach(async () => { await sandbox.reset(); await sandbox.config('ok'); });

for (const f of FORMS) {
  test(`fault: 401 in the middle of a form — the ${f.name} form comes back with what was typed`, async (t) => {
    const { page } = await open(t);
    await signInAs(page, { path: f.path });
    await settle(page);
    if (f.opener) await page.getByTestId(f.opener).first().click();
    if (f.openerRole) await page.getByRole('button', { name: f.openerRole }).click();
    const form = within(page, f.dialog);
    await form.getByTestId(f.submit).waitFor();
    if (f.prep) await f.prep(page);
    for (const [id, value, how] of f.fields) {
      const field = form.getByTestId(id);
      if (how === 'select') await field.selectOption(value);
      else if (how === 'check') await field.check();
      else await field.fill(value);
    }
    if (f.secret) await form.getByTestId(f.secret).fill(SECRET);
    const kept = await drafts(page);
    assert.equal(kept.length, 1, `one draft while typing: ${JSON.stringify(kept)}`);

    await sandbox.revoke();
    await form.getByTestId(f.submit).click();
    await new Shell(page).signInNotice().waitFor();
    const held = JSON.stringify(await drafts(page));
    assert.doesNotMatch(held, new RegExp(SECRET), 'no password in a draft');
    assert.doesNotMatch(held, /access_token|Bearer/);

    await signInAgain(page);
    const back = within(page, f.dialog);
    await back.getByTestId(f.submit).waitFor();
    for (const [id, value, how] of f.fields) {
      const field = back.getByTestId(id);
      if (how === 'check') assert.equal(await field.isChecked(), value, `${f.name}: ${id}`);
      else assert.equal(await field.inputValue(), value, `${f.name}: ${id}`);
    }
    if (f.secret) assert.equal(await back.getByTestId(f.secret).inputValue(), '', 'the password is typed again');
    await page.getByTestId('toast').filter({ hasText: 'What you typed before signing in again is back' }).first().waitFor();
    if (f.dialog) {
      await back.getByRole('button', { name: f.cancel || 'Cancel' }).click();
      assert.deepEqual(await drafts(page), [], 'cancel drops the draft');
    }
    survived += 1;
  });
}
