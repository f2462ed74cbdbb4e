// Tag lifecycle (issue 18, items 2 and 3): immutable tags in the tag list and drawer (one tag and
// a selection), Quay's refusals when they happen anyway, immutability policies of a repository
// and an organization (validation, live preview, "saving locks at once, deleting unlocks
// nothing"), auto-prune policies of a repository, an organization and the user, each feature
// turned off through /__sandbox/features, and axe on the new screens.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, injectAxe, CONSOLE } from '../lib/harness.mjs';
import { TagsPage, quay, aliveTag } from '../pages/tags.mjs';

after(closeBrowser);
beforeEach(async () => {
  await sandbox.reset();
  await sandbox.config('ok');
});

const features = (body) => sandbox.call('POST', 'features', body);
const SIMPLE = 'devtable/simple';

async function axe(page) {
  await injectAxe(page);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** Policy calls the sandbox saw (method and path), to check what the console sent. */
async function policyCalls(kind) {
  const journal = await sandbox.requests();
  return journal.filter((r) => r.path.includes(kind) && r.method !== 'GET');
}

test('one tag: made immutable from its drawer, then delete, move and expiration are off with the reason', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags?tag=latest` });
  const tags = new TagsPage(page);
  const details = tags.details();
  await details.getByTestId('immutable-state').waitFor();
  assert.equal(await details.getByTestId('immutable-state').getAttribute('data-immutable'), 'false');
  await details.getByTestId('tag-immutable-toggle').click();
  await tags.toast('is immutable').waitFor();
  await page.waitForSelector('[data-testid="immutable-state"][data-immutable="true"]');
  assert.equal((await aliveTag(SIMPLE, 'latest')).immutable, true);
  for (const id of ['tag-delete', 'tag-move', 'tag-expire']) {
    assert.equal(await details.getByTestId(id).isDisabled(), true, id);
  }
  await details.getByText('Quay refuses to delete, move or expire an immutable tag').waitFor();
  // The row carries the lock, as text too.
  await tags.row('latest').getByTestId('tag-immutable').filter({ hasText: 'Immutable' }).waitFor();
  assert.deepEqual(await axe(page), []);
  // And back.
  await details.getByTestId('tag-immutable-toggle').click();
  await page.waitForSelector('[data-testid="immutable-state"][data-immutable="false"]');
  assert.equal((await aliveTag(SIMPLE, 'latest')).immutable, false);
  assert.equal(await details.getByTestId('tag-delete').isDisabled(), false);
});

test("Quay's 409 reads well when a tag became immutable behind the console's back", async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags?tag=prod` });
  const tags = new TagsPage(page);
  await tags.details().getByTestId('tag-delete').waitFor();
  assert.equal((await quay('PUT', `/repository/${SIMPLE}/tag/prod`, { immutable: true })).status, 201);
  await tags.details().getByTestId('tag-delete').click();
  await page.getByTestId('confirm-ok').click();
  await tags.toast("Quay refused: the tag is immutable (Cannot delete immutable tag 'prod')").waitFor();
  assert.ok(await aliveTag(SIMPLE, 'prod'), 'still there');
});

test('a selection: made immutable with a result per tag; a bulk delete then skips them with the reason', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags` });
  const tags = new TagsPage(page);
  await tags.waitForRows();
  await tags.select('latest').check();
  await tags.select('prod').check();
  await page.getByTestId('bulk-lock').click();
  const run = page.getByTestId('bulk-run');
  await run.getByTestId('bulk-status').filter({ hasText: '2' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="bulk-ok"]').length === 2);
  await run.getByTestId('bulk-close').click();
  assert.equal((await aliveTag(SIMPLE, 'latest')).immutable, true);
  assert.equal((await aliveTag(SIMPLE, 'prod')).immutable, true);
  await tags.row('prod').getByTestId('tag-immutable').waitFor();
  await tags.row('latest').getByTestId('tag-immutable').waitFor();
  // Select them again: the bar says delete will skip them, and it does, without asking Quay.
  await tags.select('latest').check();
  await tags.select('prod').check();
  await page.getByTestId('bulk-locked-note').filter({ hasText: '2 of the selected tags are immutable' }).waitFor();
  const before = (await sandbox.requests()).filter((r) => r.method === 'DELETE').length;
  await page.getByTestId('bulk-delete').click();
  await page.getByTestId('confirm-ok').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="bulk-failed"]').length === 2);
  await run.getByText('Quay refuses to delete, move or expire an immutable tag').first().waitFor();
  assert.equal((await sandbox.requests()).filter((r) => r.method === 'DELETE').length, before);
  assert.ok(await aliveTag(SIMPLE, 'latest'));
  await run.getByTestId('bulk-close').click();
  // Unlock the selection (still selected: failures stay selected).
  await page.getByTestId('bulk-unlock').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="bulk-ok"]').length === 2);
  assert.equal((await aliveTag(SIMPLE, 'prod')).immutable, false);
});

test('repository immutability policies: checked pattern, live preview, locks at once, delete unlocks nothing', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/immutability-policies` });
  await page.getByTestId('imm-warning').filter({ hasText: 'Deleting a policy does not make any tag mutable again' }).waitFor();
  await page.getByTestId('empty-state').waitFor();
  assert.deepEqual(await axe(page), []);
  await page.getByTestId('imm-create').click();
  const dialog = page.getByTestId('imm-dialog');
  const input = dialog.getByTestId('imm-pattern-input');
  // Not a regular expression: refused before sending.
  await input.fill('v[0-9');
  await dialog.getByTestId('imm-save').click();
  await dialog.getByTestId('imm-problem').filter({ hasText: 'Not a valid regular expression' }).waitFor();
  assert.deepEqual(await policyCalls('immutabilitypolicy'), []);
  // A live preview of the loaded tags it would lock (re.match: from the start of the name).
  await input.fill('pro');
  await dialog.getByTestId('lc-preview-tag').filter({ hasText: 'prod' }).waitFor();
  assert.deepEqual(await dialog.getByTestId('lc-preview-tag').allTextContents(), ['prod']);
  await dialog.getByTestId('imm-nomatch').check();
  await dialog.getByTestId('lc-preview-tag').filter({ hasText: 'latest' }).waitFor();
  assert.equal(await dialog.getByTestId('lc-preview-tag').filter({ hasText: 'prod' }).count(), 0);
  await dialog.getByTestId('imm-matches').check();
  await input.fill('^prod$');
  await dialog.getByTestId('imm-save-warning').waitFor();
  assert.deepEqual(await axe(page), []);
  await dialog.getByTestId('imm-save').click();
  await page.getByTestId('imm-row').filter({ hasText: '^prod$' }).waitFor();
  assert.equal((await aliveTag(SIMPLE, 'prod')).immutable, true, 'locked at once');
  assert.equal((await aliveTag(SIMPLE, 'latest')).immutable, false);
  // A duplicate pattern: Quay's message on the form, the input kept.
  await page.getByTestId('imm-create').click();
  await input.fill('^prod$');
  await dialog.getByTestId('imm-save').click();
  await dialog.getByTestId('form-error').filter({ hasText: 'A policy with the same tag_pattern already exists' }).waitFor();
  assert.equal(await input.inputValue(), '^prod$');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // Edit, then delete with a confirmation that says nothing is unlocked.
  await page.getByTestId('imm-edit').click();
  assert.equal(await input.inputValue(), '^prod$');
  await input.fill('^latest$');
  await dialog.getByTestId('imm-save').click();
  await page.getByTestId('imm-row').filter({ hasText: '^latest$' }).waitFor();
  assert.equal((await aliveTag(SIMPLE, 'latest')).immutable, true);
  await page.getByTestId('imm-delete').click();
  await page.getByTestId('confirm-dialog').getByText('stay immutable until you unlock them').waitFor();
  await page.getByTestId('confirm-ok').click();
  await page.getByTestId('empty-state').waitFor();
  const list = await quay('GET', `/repository/${SIMPLE}/immutabilitypolicy/`);
  assert.deepEqual(list.body.policies, []);
  assert.equal((await aliveTag(SIMPLE, 'latest')).immutable, true, 'deleting the policy unlocks nothing');
  assert.equal((await aliveTag(SIMPLE, 'prod')).immutable, true);
});

test('organization immutability policies: deep link, nav entry, create with a preview on a named repository', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/organization/buynlarge/immutability-policies' });
  await page.getByRole('heading', { name: 'Immutability policies of buynlarge' }).waitFor();
  await page.getByTestId('sidenav').getByRole('link', { name: 'Immutability policies' }).waitFor();
  await page.getByTestId('imm-create').click();
  const dialog = page.getByTestId('imm-dialog');
  await dialog.getByTestId('lc-preview').filter({ hasText: 'Name a repository' }).waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('lc-preview-repo').fill('orgrepo');
  await page.getByTestId('lc-preview-load').click();
  await page.getByTestId('imm-create').click();
  await dialog.getByTestId('imm-pattern-input').fill('^v[0-9]+$');
  await dialog.getByTestId('lc-preview-count').filter({ hasText: 'loaded tags of buynlarge/orgrepo' }).waitFor();
  await dialog.getByTestId('imm-save').click();
  await page.getByTestId('imm-row').filter({ hasText: '^v[0-9]+$' }).waitFor();
  const list = await quay('GET', '/organization/buynlarge/immutabilitypolicy/');
  assert.equal(list.body.policies[0].tagPattern, '^v[0-9]+$');
  // Back and forward keep the page.
  await page.goBack();
  await page.goForward();
  await page.getByTestId('imm-row').waitFor();
});

test('auto-prune policies: values typed as Quay types them, a preview, edit and delete', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/autoprune-policies` });
  await page.getByTestId('prune-schedule').filter({ hasText: 'Quay prunes on its own schedule' }).waitFor();
  await page.getByTestId('prune-row').filter({ hasText: 'Keep the newest 10 tags' }).waitFor();
  assert.deepEqual(await axe(page), []);
  await page.getByTestId('prune-create').click();
  const dialog = page.getByTestId('prune-dialog');
  await dialog.getByTestId('prune-method').selectOption('creation_date');
  await dialog.getByTestId('prune-value').fill('7');
  await dialog.getByTestId('prune-save').click();
  await dialog.getByTestId('prune-problem').filter({ hasText: 'The age must be a number and a unit' }).waitFor();
  await dialog.getByTestId('prune-value').fill('7x');
  await dialog.getByTestId('prune-save').click();
  await dialog.getByTestId('prune-problem').filter({ hasText: 'The age must be' }).waitFor();
  assert.deepEqual(await policyCalls('autoprunepolicy'), []);
  // By number: the preview says what would go among the loaded tags.
  await dialog.getByTestId('prune-method').selectOption('number_of_tags');
  // devtable/simple has 8 alive tags: keeping the newest 7 prunes the oldest one.
  await dialog.getByTestId('prune-value').fill('7');
  await dialog.getByTestId('lc-preview-count').filter({ hasText: 'Would prune 1 of the 8 loaded tags' }).waitFor();
  assert.equal(await dialog.getByTestId('lc-preview-tag').count(), 1);
  await dialog.getByTestId('prune-value').fill('10');
  await dialog.getByTestId('prune-save').click();
  // Quay's duplicate refusal on the form (the seeded policy is number_of_tags 10).
  await dialog.getByTestId('form-error').filter({ hasText: 'Existing policy with same values for this repository' }).waitFor();
  assert.deepEqual(await axe(page), []);
  await dialog.getByTestId('prune-method').selectOption('creation_date');
  await dialog.getByTestId('prune-value').fill('2w');
  await dialog.getByTestId('prune-pattern').fill('^tmp-');
  await dialog.getByTestId('prune-save').click();
  await page.getByTestId('prune-row').filter({ hasText: 'Prune tags older than 2w' }).filter({ hasText: 'Tags matching ^tmp-' }).waitFor();
  let list = (await quay('GET', `/repository/${SIMPLE}/autoprunepolicy/`)).body.policies;
  const created = list.find((p) => p.value === '2w');
  assert.deepEqual([created.method, created.tagPattern, created.tagPatternMatches], ['creation_date', '^tmp-', true]);
  // Edit: by number, sent as a JSON integer; the pattern cleared (PUT replaces the whole policy).
  await page.getByTestId('prune-row').filter({ hasText: '2w' }).getByTestId('prune-edit').click();
  await dialog.getByTestId('prune-method').selectOption('number_of_tags');
  await dialog.getByTestId('prune-value').fill('25');
  await dialog.getByTestId('prune-pattern').fill('');
  await dialog.getByTestId('prune-save').click();
  await page.getByTestId('prune-row').filter({ hasText: 'Keep the newest 25 tags' }).waitFor();
  list = (await quay('GET', `/repository/${SIMPLE}/autoprunepolicy/`)).body.policies;
  const edited = list.find((p) => p.uuid === created.uuid);
  assert.equal(edited.value, 25);
  assert.equal(edited.tagPattern, null);
  await page.getByTestId('prune-row').filter({ hasText: '25' }).getByTestId('prune-delete').click();
  await page.getByTestId('confirm-ok').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="prune-row"]').length === 1);
  list = (await quay('GET', `/repository/${SIMPLE}/autoprunepolicy/`)).body.policies;
  assert.equal(list.length, 1);
});

test("the user's and an organization's auto-prune policies", async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/user/autoprune-policies' });
  await page.getByRole('heading', { name: 'Auto-prune policies of your namespace' }).waitFor();
  await page.getByTestId('prune-row').filter({ hasText: 'Keep the newest 10 tags' }).waitFor();
  await page.getByTestId('prune-create').click();
  const dialog = page.getByTestId('prune-dialog');
  await dialog.getByTestId('prune-value').fill('ten');
  await dialog.getByTestId('prune-save').click();
  await dialog.getByTestId('prune-problem').filter({ hasText: 'whole number above zero' }).waitFor();
  await dialog.getByTestId('prune-value').fill('5');
  await dialog.getByTestId('prune-save').click();
  await page.getByTestId('prune-row').filter({ hasText: 'Keep the newest 5 tags' }).waitFor();
  const mine = (await quay('GET', '/user/autoprunepolicy/')).body.policies;
  assert.ok(mine.some((p) => p.value === 5 && p.method === 'number_of_tags'));
  await page.goto(CONSOLE + 'organization/buynlarge/autoprune-policies');
  await page.getByTestId('prune-row').filter({ hasText: 'Prune tags older than 5d' }).waitFor();
});

test('with immutable tags off: no lock in the list, a note in the drawer and on the policy pages', async (t) => {
  await features({ IMMUTABLE_TAGS: false });
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags?tag=latest` });
  const tags = new TagsPage(page);
  await tags.details().getByTestId('immutable-off').waitFor();
  assert.equal(await page.getByTestId('tag-immutable-toggle').count(), 0);
  assert.equal(await page.getByTestId('tag-immutable').count(), 0);
  await page.getByTestId('nav-immutability').getByTestId('nav-off').waitFor();
  await tags.select('latest').check();
  assert.equal(await page.getByTestId('bulk-lock').count(), 0);
  await page.goto(CONSOLE + `repository/${SIMPLE}/immutability-policies`);
  await page.getByTestId('lifecycle-off').filter({ hasText: 'immutable tags turned off' }).waitFor();
  assert.equal(await page.getByTestId('imm-create').count(), 0);
  assert.deepEqual(await axe(page), []);
});

test('with auto-prune off: the policy pages explain it and the navigation marks them off', async (t) => {
  await features({ AUTO_PRUNE: false });
  const { page } = await open(t);
  await signInAs(page, { path: '/organization/buynlarge/autoprune-policies' });
  await page.getByTestId('lifecycle-off').filter({ hasText: 'auto-prune turned off' }).waitFor();
  assert.equal(await page.getByTestId('prune-create').count(), 0);
  await page.getByTestId('sidenav').getByRole('link', { name: /Auto-prune policies/ }).getByTestId('nav-off').waitFor();
  // A reload (Quay's switches now known for the tab) asks nothing of an endpoint Quay does not route.
  await page.waitForFunction(() => sessionStorage.getItem('quay-console.features') !== null);
  await sandbox.clearRequests();
  await page.reload();
  await page.getByTestId('lifecycle-off').waitFor();
  const calls = (await sandbox.requests()).filter((r) => r.path.includes('autoprunepolicy'));
  assert.deepEqual(calls, []);
});
