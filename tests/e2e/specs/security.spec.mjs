// The security scan (issue 18, item 5): vulnerability counts for the tag rows on screen (one call
// per digest, none before the first rows, at most two at a time, aborted when rows scroll away, none
// at all with the scanner off), the report drawer (deep link, counts, filters, links, every state
// Quay answers) in three languages, and axe.
import { test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { open, signInAs, sandbox, closeBrowser, CONSOLE, settle, injectAxe } from '../lib/harness.mjs';
import { TagsPage } from '../pages/tags.mjs';

after(closeBrowser);
beforeEach(async () => {
  await sandbox.reset();
  await sandbox.config('ok');
});

const features = (body) => sandbox.call('POST', 'features', body);
const SIMPLE = 'devtable/simple';
const isScan = (url) => /\/manifest\/[^/]+\/security/.test(new URL(url).pathname);

/** Security requests the sandbox saw. */
async function scanCalls() {
  return (await sandbox.requests()).filter((r) => /\/manifest\/[^/]+\/security$/.test(r.path));
}

/** The page's security requests: started, and when each ended (answered or aborted). */
function watchScans(page) {
  const seen = { started: [], ended: [], aborted: [], maxInFlight: 0 };
  page.on('request', (r) => {
    if (!isScan(r.url())) return;
    seen.started.push({ url: r.url(), at: Date.now() });
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.started.length - seen.ended.length);
  });
  page.on('requestfinished', (r) => { if (isScan(r.url())) seen.ended.push(r.url()); });
  page.on('requestfailed', (r) => { if (isScan(r.url())) { seen.ended.push(r.url()); seen.aborted.push(r.url()); } });
  return seen;
}

const cell = (page, tag) => page.locator(`[data-testid="tag-row"][data-tag="${tag}"] [data-testid="scan-cell"]`);

test('counts by severity for the rows on screen: one call per digest, after the first rows', async (t) => {
  await features({ SECURITY_SCANNER: true });
  const { page } = await open(t);
  const scans = watchScans(page);
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid="tag-row"]')) { window.__firstRow = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  await signInAs(page, { path: `/repository/${SIMPLE}/tags` });
  const tags = new TagsPage(page);
  await tags.waitForRows();
  await page.getByRole('columnheader', { name: 'Security' }).waitFor();
  const latest = cell(page, 'latest');
  await latest.locator('[data-scan="vulnerable"]').waitFor();
  assert.equal(await latest.locator('[data-scan="vulnerable"]').getAttribute('data-total'), '11');
  assert.deepEqual(await latest.locator('[data-severity]').allTextContents(), ['3', '3', '2']);
  assert.match(await latest.getByTestId('scan-label').textContent(), /^Security report: 3 critical, 3 high, 2 medium, 1 low, 1 negligible, 1 unknown severity/);
  await cell(page, 'v1.1').locator('[data-scan="queued"]').filter({ hasText: 'Queued' }).waitFor();
  await cell(page, 'v1.2').locator('[data-scan="unsupported"]').filter({ hasText: 'Unsupported' }).waitFor();
  await cell(page, 'v1.3').locator('[data-scan="failed"]').filter({ hasText: 'Scan failed' }).waitFor();
  await cell(page, 'v1.4').locator('[data-scan="clean"]').filter({ hasText: 'None found' }).waitFor();
  await settle(page);
  // The page's own clock: every security call left after the first rows were on screen.
  const { firstRow, starts } = await page.evaluate(() => ({
    firstRow: window.__firstRow,
    starts: performance.getEntriesByType('resource').filter((e) => /\/security\?/.test(e.name)).map((e) => e.startTime),
  }));
  assert.ok(starts.length >= 5, `${starts.length} security calls`);
  assert.ok(starts.every((s) => s > firstRow), `first row at ${firstRow}, calls at ${starts.join(', ')}`);
  assert.ok(scans.maxInFlight <= 2, `at most two in flight (saw ${scans.maxInFlight})`);
  // One call per distinct digest on screen, each with the token, with vulnerabilities.
  const journal = await scanCalls();
  const digests = journal.map((r) => r.path);
  assert.equal(new Set(digests).size, digests.length, digests.join('\n'));
  const rows = await page.getByTestId('tag-row').count();
  assert.ok(digests.length <= rows, `${digests.length} calls for ${rows} rows`);
  assert.ok(journal.every((r) => r.has_authorization && r.query === 'vulnerabilities=true'));
  // Back to the list later in the tab: scanned answers are kept, only queued/failed are asked again.
  await sandbox.clearRequests();
  await page.getByTestId('history-link').click();
  await page.getByTestId('history-tag').first().waitFor();
  await page.goBack();
  await latest.locator('[data-scan="vulnerable"]').waitFor();
  await cell(page, 'v1.1').locator('[data-scan="queued"]').waitFor();
  await settle(page, 600);
  const again = (await scanCalls()).length;
  const unsettled = await page.locator('[data-scan="queued"], [data-scan="failed"]').count();
  assert.ok(again >= 1 && again <= unsettled, `only the queued and failed digests asked again (${again} calls, ${unsettled} such rows)`);
});

test('the report drawer: a deep link with counts, severity and fixable filters, safe links, Back', async (t) => {
  await features({ SECURITY_SCANNER: true });
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags?tag=latest&security=1` });
  const drawer = page.getByTestId('security-report');
  await drawer.getByRole('heading', { name: 'Security report of latest' }).waitFor();
  await drawer.getByTestId('scan-summary').filter({ hasText: '3 critical, 3 high, 2 medium, 1 low, 1 negligible, 1 unknown severity in 9 packages; 7 with a fix available.' }).waitFor();
  const findings = drawer.getByTestId('finding');
  assert.equal(await findings.count(), 11);
  assert.equal(await findings.first().getAttribute('data-severity'), 'critical');
  await drawer.getByTestId('scan-shown').filter({ hasText: 'Showing 11 of 11' }).waitFor();
  // Only http(s) links are links; the rest is text.
  const hrefs = await drawer.getByTestId('finding-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 9 && hrefs.every((h) => /^https?:\/\//.test(h)), hrefs.join(' '));
  await drawer.getByTestId('finding-link-text').filter({ hasText: 'javascript:alert(document.domain)' }).waitFor();
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
  assert.equal(await drawer.getByTestId('finding-link').first().getAttribute('rel'), 'noopener noreferrer');
  // Two links in one field become two links.
  const openssl = findings.filter({ hasText: 'CVE-2022-0778' });
  assert.equal(await openssl.getByTestId('finding-link').count(), 2);
  await openssl.filter({ hasText: '1.1.1n-r0' }).waitFor();

  // Severity filter (URL is state), then fixable.
  const critical = drawer.locator('[data-testid="sev-filter"][data-severity="critical"]');
  await critical.click();
  await page.waitForURL(/sev=critical/);
  assert.equal(await critical.getAttribute('aria-pressed'), 'true');
  await drawer.getByTestId('scan-shown').filter({ hasText: 'Showing 3 of 11' }).waitFor();
  assert.deepEqual([...new Set(await findings.evaluateAll((rows) => rows.map((r) => r.dataset.severity)))], ['critical']);
  await drawer.locator('[data-testid="sev-filter"][data-severity="high"]').click();
  await drawer.getByTestId('scan-shown').filter({ hasText: 'Showing 6 of 11' }).waitFor();
  await drawer.getByTestId('fixable-filter').check();
  await page.waitForURL(/fixable=1/);
  await drawer.getByTestId('scan-shown').filter({ hasText: 'Showing 4 of 11' }).waitFor();
  assert.ok((await findings.evaluateAll((rows) => rows.map((r) => r.dataset.fixable))).every((f) => f === 'true'));
  // Low + fixable: nothing matches, said so.
  await critical.click();
  await drawer.locator('[data-testid="sev-filter"][data-severity="high"]').click();
  await drawer.locator('[data-testid="sev-filter"][data-severity="negligible"]').click();
  await drawer.getByTestId('empty-state').filter({ hasText: 'No vulnerability matches these filters.' }).waitFor();
  // A reload keeps the filters.
  await page.reload();
  await drawer.getByTestId('empty-state').waitFor();
  assert.equal(await drawer.getByTestId('fixable-filter').isChecked(), true);

  // Close, then Back reopens it; Escape closes too.
  await drawer.getByTestId('security-close').click();
  await drawer.waitFor({ state: 'detached' });
  assert.ok(!page.url().includes('security=1'));
  await page.goBack();
  await drawer.waitFor();
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  // From a row's counts; then to the tag's details and back to the report from there.
  const tags = new TagsPage(page);
  await cell(page, 'latest').getByRole('link').click();
  await drawer.getByTestId('finding').first().waitFor();
  await drawer.getByTestId('security-details').click();
  await tags.details().waitFor();
  await tags.details().getByTestId('tag-security').click();
  await drawer.getByTestId('finding').first().waitFor();
});

test('every state Quay answers is explained in the drawer', async (t) => {
  await features({ SECURITY_SCANNER: true });
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags` });
  const state = page.getByTestId('security-report').getByTestId('scan-state');
  const cases = [
    ['v1.1', 'queued', /queued for the security scanner/],
    ['v1.2', 'unsupported', /does not support this image/],
    ['v1.3', 'failed', /could not scan this image/],
    ['v1.4', 'clean', /No known vulnerabilities in the 9 packages found/],
  ];
  for (const [tag, status, text] of cases) {
    await page.goto(CONSOLE + `repository/${SIMPLE}/tags?tag=${tag}&security=1`);
    await state.filter({ hasText: text }).waitFor();
    assert.equal(await state.getAttribute('data-status'), status, tag);
    assert.equal(await page.getByTestId('scan-recheck').count(), status === 'queued' || status === 'failed' ? 1 : 0, tag);
  }
  // "Check again" asks Quay again.
  await page.goto(CONSOLE + `repository/${SIMPLE}/tags?tag=v1.1&security=1`);
  await state.waitFor();
  await sandbox.clearRequests();
  await page.getByTestId('scan-recheck').click();
  await state.filter({ hasText: /queued/ }).waitFor();
  await settle(page);
  assert.ok((await scanCalls()).length >= 1);
  // A tag that does not exist.
  await page.goto(CONSOLE + `repository/${SIMPLE}/tags?tag=no-such-tag&security=1`);
  await page.getByTestId('security-report').getByTestId('empty-state').waitFor();

  // A manifest list: no call from the list, its platforms in the drawer, one platform's report.
  await sandbox.clearRequests();
  await page.goto(CONSOLE + 'repository/devtable/complex/tags?filter=multiarch-0');
  await cell(page, 'multiarch-0').locator('[data-scan="list"]').filter({ hasText: 'Per platform' }).waitFor();
  await cell(page, 'multiarch-0').getByRole('link').click();
  const drawer = page.getByTestId('security-report');
  await drawer.getByTestId('scan-state').filter({ hasText: 'manifest list' }).waitFor();
  const platforms = drawer.getByTestId('scan-platform');
  assert.ok(await platforms.count() >= 2);
  await platforms.filter({ hasText: 'linux/arm64' }).click();
  await page.waitForURL(/platform=sha256/);
  await drawer.locator('[data-testid="finding"], [data-testid="scan-state"][data-status="clean"], [data-testid="scan-state"][data-status="queued"], [data-testid="scan-state"][data-status="failed"], [data-testid="scan-state"][data-status="unsupported"]').first().waitFor();
  assert.equal(await platforms.filter({ hasText: 'linux/arm64' }).getAttribute('aria-pressed'), 'true');
});

test('scanner off (the recorded default): no column, no call, and the drawer says why', async (t) => {
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags` });
  await new TagsPage(page).waitForRows();
  await page.waitForFunction(() => sessionStorage.getItem('quay-console.features') !== null);
  await sandbox.clearRequests();
  await page.reload();
  await new TagsPage(page).waitForRows();
  await settle(page, 700);
  assert.equal(await page.getByTestId('scan-cell').count(), 0);
  assert.equal(await page.getByRole('columnheader', { name: 'Security' }).count(), 0);
  await page.locator('[data-testid="tag-row"][data-tag="latest"] [data-testid="tag-name"]').click();
  await page.getByTestId('tag-details').waitFor();
  assert.equal(await page.getByTestId('tag-security').count(), 0, 'no report link where there is no scanner');
  await page.goto(CONSOLE + `repository/${SIMPLE}/tags?tag=latest&security=1`);
  await page.getByTestId('scan-state').filter({ hasText: 'security scanner turned off' }).waitFor();
  assert.equal(await page.getByTestId('scan-state').getAttribute('data-status'), 'off');
  await settle(page);
  assert.deepEqual(await scanCalls(), [], 'no security call at all');
});

test('rows that scroll away abort their calls; never more than two in flight', async (t) => {
  await features({ SECURITY_SCANNER: true });
  await sandbox.faults({ hang_paths: ['/security'] });
  try {
    const { page } = await open(t);
    const scans = watchScans(page);
    await signInAs(page, { path: '/repository/buynlarge/big/tags' });
    const tags = new TagsPage(page);
    await tags.waitForRows();
    await page.waitForFunction(() => document.querySelectorAll('[data-scan="loading"]').length > 0);
    await page.waitForTimeout(800);
    assert.equal(scans.started.length, 2, 'two calls, hanging');
    await tags.list().evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
    await page.waitForTimeout(1200);
    assert.ok(scans.aborted.length >= 2, `the calls of rows gone were aborted (${scans.aborted.length})`);
    assert.ok(scans.started.length >= 4, 'the rows now on screen asked');
    assert.ok(scans.maxInFlight <= 2, `at most two in flight (saw ${scans.maxInFlight})`);
  } finally {
    await sandbox.clearFaults();
  }
});

test('Chinese and Japanese, and axe on the list and the drawer', async (t) => {
  await features({ SECURITY_SCANNER: true });
  const { page } = await open(t);
  await signInAs(page, { path: `/repository/${SIMPLE}/tags?tag=latest&security=1` });
  await page.getByTestId('finding').first().waitFor();
  await cell(page, 'latest').locator('[data-scan="vulnerable"]').waitFor();
  await injectAxe(page);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(violations, []);
  for (const [lang, heading, column] of [['zh', 'latest 的安全报告', '安全'], ['ja', 'latest のセキュリティレポート', 'セキュリティ']]) {
    await page.evaluate((l) => localStorage.setItem('quay-console.lang', l), lang);
    await page.reload();
    await page.getByRole('heading', { name: heading }).waitFor();
    await page.getByRole('columnheader', { name: column }).waitFor();
  }
});
