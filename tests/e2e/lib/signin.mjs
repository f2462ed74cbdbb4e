// Signing in again through Quay's own pages (its sign-in form, then the consent page) from the
// console's sign-in page: what a person does after Quay answered 401 mid-form.
import { Shell } from '../pages/shell.mjs';

export async function signInAgain(page) {
  const shell = new Shell(page);
  await shell.signInButton().click();
  await page.waitForURL(/\/(signin|oauth)\b/);
  if (await page.getByLabel('Username').isVisible().catch(() => false)) {
    await page.getByLabel('Username').fill('devtable');
    await page.getByLabel('Password').fill('password');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  // Quay's sign-in page leads back to the console, which goes on to the authorize page by itself:
  // wait for whichever comes, the consent page (and its sensitive-scope confirmation) or the
  // console signed in again (a remembered grant skips the consent).
  const authorize = page.getByRole('button', { name: 'Authorize Application' });
  await authorize.or(shell.username()).first().waitFor({ timeout: 30000 });
  if (await authorize.isVisible()) {
    await authorize.click();
    const confirm = page.getByRole('button', { name: /^(Confirm|Authorize)$/ });
    await confirm.or(shell.username()).first().waitFor({ timeout: 30000 });
    if (await confirm.isVisible()) await confirm.click();
  }
  await shell.username().waitFor();
}

/** The drafts this tab keeps: `[key, json]`. */
export const drafts = (page) => page.evaluate(() => Object.keys(sessionStorage)
  .filter((k) => k.startsWith('quay-console.draft.'))
  .map((k) => [k, sessionStorage.getItem(k)]));
