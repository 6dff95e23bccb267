import type { Page } from '@playwright/test';
import { newAccount, startApiWithMfaDefault, totpCode } from './support/mfa';
import { expect, expectNoAxeViolations, screenshot, test } from './support/test';

/** The secret the enrolment screen shows (in groups of four), as a person would copy it. */
async function shownSecret(page: Page): Promise<string> {
  await expect(page.getByTestId('totp-qr')).toBeVisible();
  return (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
}

async function passwordStep(page: Page, base: string, account: { email: string; password: string }, language: 'sv' | 'en') {
  await page.goto(`${base}/login`);
  await expect(page.locator('h1')).toBeVisible();
  if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
  await page.locator('#login-email').fill(account.email);
  await page.locator('#login-password').fill(account.password);
  await page.locator('form button[type=submit]').click();
}

test.describe('second factor: the authenticator app', () => {
  test('a staff member enrols at the first login (QR code, recovery codes once), then logs in with a code or a recovery code', async ({ page }) => {
    test.setTimeout(90_000);
    const api = await startApiWithMfaDefault();
    try {
      const account = await newAccount('investigator');
      await passwordStep(page, api.baseUrl, account, 'sv');
      await expect(page.getByRole('heading', { level: 1, name: 'Ställ in tvåstegsverifiering' })).toBeFocused();
      const secret = await shownSecret(page);
      await expectNoAxeViolations(page);
      await screenshot(page, 'mfa-enrol', 390);

      await page.locator('#totp-setup-code').fill('12345');
      await page.getByRole('button', { name: 'Bekräfta' }).click();
      await expect(page.getByTestId('error-summary')).toContainText('Ange de sex siffror som appen visar.');
      const enrolCode = totpCode(secret);
      await page.locator('#totp-setup-code').fill(enrolCode);
      await page.getByRole('button', { name: 'Bekräfta' }).click();

      await expect(page.getByRole('heading', { level: 1, name: 'Spara dina återställningskoder' })).toBeFocused();
      const codes = await page.getByTestId('recovery-codes').locator('li').allInnerTexts();
      expect(codes).toHaveLength(10);
      await expectNoAxeViolations(page);
      await screenshot(page, 'mfa-recovery-codes', 1280);
      await page.getByRole('button', { name: 'Fortsätt' }).click();
      await expect(page.getByTestId('error-summary')).toContainText('Bekräfta att du har sparat återställningskoderna.');
      await page.getByLabel('Jag har sparat återställningskoderna').check();
      await page.getByRole('button', { name: 'Fortsätt' }).click();
      await expect(page.getByTestId('current-user')).toContainText(account.displayName);
      await page.getByRole('button', { name: 'Logga ut' }).click();

      // The next login asks for a code; the one used at enrolment is spent (a replay), the next step's works.
      await passwordStep(page, api.baseUrl, account, 'en');
      await expect(page.getByRole('heading', { level: 1, name: 'Confirm it is you' })).toBeFocused();
      await expectNoAxeViolations(page);
      await screenshot(page, 'mfa-verify', 390);
      await page.locator('#second-factor-code').fill(enrolCode);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByTestId('error-summary')).toContainText('The code is wrong or was already used.');
      await page.locator('#second-factor-code').fill(totpCode(secret, 1));
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByTestId('current-user')).toContainText(account.displayName);
      await page.getByRole('button', { name: 'Log out' }).click();

      // A recovery code instead of the app, once.
      await passwordStep(page, api.baseUrl, account, 'en');
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await page.locator('#second-factor-recovery-code').fill(String(codes[0]).toLowerCase());
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByTestId('current-user')).toContainText(account.displayName);
    } finally {
      // Leave the second API's pages first: a lazy chunk still loading when it stops is an uncaught
      // "Failed to fetch dynamically imported module" in the page, which the CSP guard reports.
      await page.goto('about:blank');
      await api.stop();
    }
  });

  test('any user sets up the app on the security page; the login then asks for its code', async ({ page }) => {
    const account = await newAccount('requester');
    await passwordStep(page, '', account, 'sv');
    await expect(page.getByTestId('current-user')).toContainText(account.displayName);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Säkerhet' }).click();
    await expect(page.getByTestId('totp-status')).toHaveText('Ingen autentiseringsapp är inställd.');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ställ in en autentiseringsapp' }).click();
    const secret = await shownSecret(page);
    await page.getByRole('button', { name: 'English' }).click();
    await expectNoAxeViolations(page);
    await page.locator('#totp-setup-code').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
    await page.getByLabel('I have saved the recovery codes').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('totp-enabled')).toBeVisible();
    await expect(page.getByTestId('totp-status')).toHaveText('An authenticator app is set up: logging in asks for its code.');
    await expectNoAxeViolations(page);
    await screenshot(page, 'mfa-security-settings', 1280);
    await page.getByRole('button', { name: 'Log out' }).click();

    await passwordStep(page, '', account, 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Confirm it is you' })).toBeVisible();
    await page.locator('#second-factor-code').fill(totpCode(secret, 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('current-user')).toContainText(account.displayName);
  });
});
