// Quotas: a namespace's quota and limits (as a superuser admin, an org admin, a plain member and a
// user), every namespace's quota for superusers, and the registry size.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, settle } from '../lib/harness.mjs';
import { Quotas, quayGet, writes } from '../pages/quotas.mjs';

after(closeBrowser);
beforeEach(async () => { await sandbox.reset(); await sandbox.clearFaults(); });

const GIB = 1024 ** 3;

test('a superuser admin sets, changes and deletes an organization quota', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: '/organization/library/quotas' });
  const q = new Quotas(page);
  await q.none().getByText('library has no quota').waitFor();
  await sandbox.clearRequests();

  await q.createButton().click();
  // Bad input: a clear error, the text stays, nothing is sent.
  await q.setSize('ten GiB');
  await q.sizeError().getByText('"ten GiB" is not a number').waitFor();
  assert.equal(await q.sizeInput().inputValue(), 'ten GiB');
  await q.sizeInput().fill('10 XB');
  await q.sizeError().getByText('Unknown unit "XB"').waitFor();
  assert.deepEqual(await writes(), []);
  // Typed as people write it, read back before saving.
  await q.sizeInput().fill('50 GiB');
  await q.preview().getByText('= 50.0 GiB (53,687,091,200 bytes)').waitFor();
  await q.quotaDialog().getByRole('button', { name: 'Save' }).click();
  await q.toast('Quota of library set to 50.0 GiB').waitFor();
  // Quay answered "Created" without an id: the page listed again and shows it with the usage bar.
  await q.limitText().getByText('50.0 GiB').waitFor();
  await q.usage().getByText(/37\.4 GiB of 50\.0 GiB used \(74\.8%\)/).waitFor();
  assert.equal(await q.bar().getAttribute('aria-valuenow'), '74.8');
  let state = await quayGet('/organization/library/quota');
  assert.equal(state[0].limit_bytes, 50 * GIB);
  // Superusers write through the superuser endpoints (Quay's org endpoints 403 on older versions).
  assert.deepEqual(await writes(), ['POST /api/v1/superuser/organization/library/quota 201']);

  // Change: the dialog starts from the exact size; 1.5 GB is decimal.
  await q.changeButton().click();
  assert.equal(await q.sizeInput().inputValue(), '50 GiB');
  await q.sizeInput().fill('1.5 GB');
  await q.preview().getByText('= 1.4 GiB (1,500,000,000 bytes)').waitFor();
  await page.getByTestId('quota-below-usage').getByText(/already uses 37\.4 GiB/).waitFor();
  await q.quotaDialog().getByRole('button', { name: 'Save' }).click();
  await q.toast('Quota of library changed to 1.4 GiB').waitFor();
  await q.limitText().getByText('1.4 GiB').waitFor();
  state = await quayGet('/organization/library/quota');
  assert.equal(state[0].limit_bytes, 1_500_000_000);

  // Delete, after a confirmation.
  await q.deleteButton().click();
  await q.confirmDialog().getByText(/Delete the 1\.4 GiB quota of library/).waitFor();
  await q.confirmDialog().getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await quayGet('/organization/library/quota'), state);
  await q.deleteButton().click();
  await q.confirm();
  await q.toast('Quota of library deleted').waitFor();
  await q.none().waitFor();
  assert.deepEqual(await quayGet('/organization/library/quota'), []);
  assert.deepEqual(errors, []);
});

test('limits: add a Reject, refuse a second one, change and delete, keep input on errors', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: '/organization/buynlarge/quotas' });
  const q = new Quotas(page);
  await q.limitText().getByText('10.0 GiB').waitFor();
  // Seeded past its Warning limit: the bar says so.
  await q.level().getByText(/Past the Warning limit at 80%/).waitFor();
  assert.equal(await page.locator('.quota-usage').first().getAttribute('data-level'), 'level-warning');
  await page.getByTestId('no-reject').waitFor();
  await sandbox.clearRequests();

  await q.openAddLimit();
  await q.fillLimit('Reject', 0);
  await q.limitError().getByText('between 1 and 100').waitFor();
  await q.fillLimit('Warning', 80);
  await q.limitError().getByText('exists already').waitFor();
  assert.deepEqual(await writes(), []);
  // Quay's own refusal shows in the form, the input stays.
  await sandbox.faults({ fail_paths: [{ method: 'POST', path_contains: '/limit', status: 400, times: 1 }] });
  await q.fillLimit('Reject', 95);
  await q.limitFormError().getByText('Quay refused: Bad Request').waitFor();
  assert.equal(await q.limitDialog().getByLabel(/Threshold/).inputValue(), '95');
  await q.limitDialog().getByRole('button', { name: 'Save' }).click();
  await q.toast('Reject limit at 95% added').waitFor();
  await q.limitRow('Reject', 95).waitFor();
  assert.equal(await page.locator('.quota-meter .mark').count(), 2);

  // A second Reject is refused before anything is sent (Quay itself would accept it).
  await sandbox.clearRequests();
  await q.openAddLimit();
  await q.fillLimit('Reject', 99);
  await q.limitError().getByText('already has a Reject limit').waitFor();
  await q.limitDialog().getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await writes(), []);

  // Change the Warning to 70 %: Quay answers the whole quota.
  await q.limitRow('Warning', 80).getByRole('button', { name: /^Change/ }).click();
  assert.equal(await q.limitDialog().getByLabel(/Threshold/).inputValue(), '80');
  await q.fillLimit('Warning', 70);
  await q.toast('Limit changed to Warning at 70%').waitFor();
  await q.limitRow('Warning', 70).waitFor();

  // Delete the Reject after confirming.
  await q.limitRow('Reject', 95).getByRole('button', { name: /^Delete/ }).click();
  await q.confirmDialog().getByText('Delete the Reject limit at 95%?').waitFor();
  await q.confirm();
  await q.toast('Reject limit at 95% deleted').waitFor();
  await q.limitRow('Reject', 95).waitFor({ state: 'detached' });

  const [quota] = await quayGet('/organization/buynlarge/quota');
  assert.deepEqual(quota.limits.map((l) => [l.type, l.limit_percent]), [['Warning', 70]]);
  assert.deepEqual(await writes(), [
    'PUT /api/v1/organization/buynlarge/quota/1/limit/1 200',
    'DELETE /api/v1/organization/buynlarge/quota/1/limit/4 204',
  ]);
  assert.deepEqual(errors, []);
});

test('a plain member sees the quota read-only, with the reason', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { user: 'reader', path: '/organization/buynlarge/quotas' });
  const q = new Quotas(page);
  await q.readOnly().getByText(/member of buynlarge, not an administrator/).waitFor();
  await q.limitText().getByText('10.0 GiB').waitFor();
  await q.limitRow('Warning', 80).waitFor();
  // Quay shows an organization's consumption to administrators only; the repositories the member
  // can see give a lower bound.
  await page.getByTestId('usage-hidden').getByText(/administrators only\. The repositories you can see hold/).waitFor();
  assert.equal(await q.usedText().textContent(), 'not reported');
  await q.repoRows().first().waitFor();
  for (const name of ['Change quota', 'Delete quota', 'Set a quota', 'Add limit']) {
    assert.equal(await page.getByRole('button', { name }).count(), 0, name);
  }
  assert.equal(await page.getByTestId('limit-edit').count(), 0);
  assert.deepEqual(errors, []);
});

test('an organization admin who is not a superuser reads the quota and its consumption', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { user: 'randomuser', path: '/organization/orgwithnosuperuser/quotas' });
  const q = new Quotas(page);
  await q.readOnly().getByText(/Only Quay superusers can set or change quotas\. As an administrator of orgwithnosuperuser/).waitFor();
  await q.usage().getByText(/1\.1 GiB of 2\.0 GiB used \(55%\)/).waitFor();
  assert.equal(await q.changeButton().count(), 0);
});

test("a user's own quota, past its Reject limit", async (t) => {
  const { page } = await open(t);
  await signInAs(page, { user: 'randomuser', path: '/user/quotas' });
  const q = new Quotas(page);
  await page.getByRole('heading', { name: 'Your quota' }).waitFor();
  await q.readOnly().getByText(/Only Quay superusers can set or change your quota/).waitFor();
  await q.limitText().getByText('5.0 GiB').waitFor();
  await q.level().getByText(/Past the Reject limit at 90%: Quay refuses pushes/).waitFor();
  assert.equal(await page.locator('.quota-usage').first().getAttribute('data-level'), 'level-reject');
});

test('repositories by size: windowed, filtered and sorted through the URL', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: '/organization/library/quotas' });
  const q = new Quotas(page);
  await page.getByTestId('repo-size-total').getByText('150 repositories, 37.4 GiB in all.').waitFor();
  const shown = await q.repoRows().count();
  assert.ok(shown > 5 && shown < 60, `only the visible rows are in the page (${shown})`);
  // Largest first.
  const sizes = await page.getByTestId('repo-size').allTextContents();
  const bytes = sizes.slice(0, 5).map((s) => parseFloat(s) * (s.includes('GiB') ? 1024 : 1));
  assert.deepEqual([...bytes].sort((a, b) => b - a), bytes);
  await q.repoFilter().fill('app-01');
  await page.waitForURL(/rq=app-01/);
  await page.getByTestId('repo-size-total').getByText(/^10 repositories/).waitFor();
  await page.getByRole('button', { name: 'Repository' }).click();
  await page.waitForURL(/rsort=name/);
  assert.equal(await q.repoRows().first().getByRole('link').textContent(), 'app-010');
  await page.reload();
  await page.getByTestId('repo-size-total').getByText(/^10 repositories/).waitFor();
  assert.equal(await q.repoFilter().inputValue(), 'app-01');
  // Each repository links to its page inside the console.
  await q.repoRows().first().getByRole('link', { name: 'app-010' }).click();
  await page.waitForURL(/\/console\/repository\/library\/app-010$/);
  await page.goBack();
  await page.waitForURL(/rq=app-01/);
});

test('superuser table: filter, sort, deep link, and a user quota through the superuser endpoints', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: '/superuser/quotas' });
  const q = new Quotas(page);
  await q.suRow('buynlarge').waitFor();
  await page.getByTestId('su-count').getByText(/of 25 namespaces/).waitFor();
  // Fullest first.
  await page.getByTestId('su-sort-percent').click();
  await page.getByTestId('su-sort-percent').click();
  await page.waitForURL(/sort=percent&desc=1/);
  assert.equal(await q.suRows().first().getAttribute('data-ns'), 'randomuser');
  assert.equal(await q.suRows().first().getAttribute('data-level'), 'level-reject');

  await q.suFilter().fill('fresh');
  await page.waitForURL(/q=fresh/);
  await page.getByTestId('su-count').getByText('1 of 25 namespaces').waitFor();
  await q.suRow('freshuser').getByRole('link', { name: 'freshuser' }).click();
  await page.waitForURL(/ns=freshuser&kind=user/);
  await q.suEditor().getByRole('heading', { name: 'Quota of user freshuser' }).waitFor();
  await sandbox.clearRequests();
  await q.createButton().click();
  await q.setSize('3 GiB');
  await q.toast('Quota of freshuser set to 3.0 GiB').waitFor();
  await q.suRow('freshuser').getByTestId('su-quota').getByText('3.0 GiB').waitFor();
  await q.openAddLimit();
  await q.fillLimit('Reject', 100);
  await q.limitRow('Reject', 100).waitFor();
  assert.deepEqual(await writes(), [
    'POST /api/v1/superuser/users/freshuser/quota 201',
    'POST /api/v1/organization/freshuser/quota/4/limit 201',
  ]);
  const [mine] = await quayGet('/user/quota', 'freshuser');
  assert.equal(mine.limit_bytes, 3 * GIB);
  assert.deepEqual(mine.limits.map((l) => [l.type, l.limit_percent]), [['Reject', 100]]);

  // A deep link: the same screen after a reload; back leaves the editor.
  await page.reload();
  await q.suEditor().getByTestId('quota-limit').getByText('3.0 GiB').waitFor();
  assert.equal(await q.suFilter().inputValue(), 'fresh');
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes('ns=freshuser'));
  await q.suEditor().waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('non-superusers are told the superuser pages are not for them', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { user: 'reader', path: '/superuser/quotas' });
  await page.getByTestId('superusers-only').getByText('This page is for Quay superusers').waitFor();
  await page.goto(page.url().replace('/superuser/quotas', '/superuser/registry-size'));
  await page.getByTestId('superusers-only').waitFor();
});

test('registry size: a recalculation goes through queued and running to the new size', async (t) => {
  const { page, errors } = await open(t);
  await signInAs(page, { path: '/superuser/registry-size' });
  const q = new Quotas(page);
  await q.registryStatus().getByText('idle').waitFor();
  const before = await q.registryBytes().textContent();
  assert.notEqual(await q.registryLastRan().textContent(), 'never');
  await page.getByRole('button', { name: 'Recalculate' }).click();
  await q.toast('Recalculation queued').waitFor();
  await page.locator('[data-testid="registry-status"][data-state="queued"]').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Recalculate' }).isDisabled(), true);
  await page.locator('[data-testid="registry-status"][data-state="running"]').waitFor({ timeout: 10000 });
  await page.locator('[data-testid="registry-status"][data-state="idle"]').waitFor({ timeout: 10000 });
  await q.toast('Registry size recalculated').waitFor();
  const afterText = await q.registryBytes().textContent();
  assert.notEqual(afterText, before);
  const state = await quayGet('/superuser/registrysize/');
  assert.equal(state.queued || state.running, false);
  assert.match(await page.getByTestId('registry-size').textContent(), new RegExp(state.size_bytes.toLocaleString('en-US')));
  await settle(page);
  assert.deepEqual(errors, []);
});
