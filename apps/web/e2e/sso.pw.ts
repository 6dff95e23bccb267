import type { Page } from '@playwright/test';
import { demoAccount } from './support/accounts';
import { SSO_PROVIDER_NAME } from './support/sso';
import {
  expect,
  expectNoAxeViolations,
  hasHorizontalScroll,
  openLogin,
  screenshot,
  test,
  type Language,
} from './support/test';

/**
 * Single sign-on in Chromium through the real test OpenID Provider the global setup started
 * (docs/accounts.md "Single sign-on"): the login page's button, the provider's sign-in page, and
 * back into the app with a browser session, or onto the "ask your administrator" page.
 */
const BUTTON = { sv: `Logga in med ${SSO_PROVIDER_NAME}`, en: `Log in with ${SSO_PROVIDER_NAME}` };

/** At the provider's page (not ours): who signs in. */
async function signInAtProvider(page: Page, person: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Test provider' })).toBeVisible();
  await page.locator('#login').fill(person);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('signs in through the provider: the requester lands on their requests with a browser session', async ({
  page,
  context,
}) => {
  await openLogin(page);
  await page.getByRole('link', { name: BUTTON.sv }).click();
  await signInAtProvider(page, 'requester');
  await expect(page).toHaveURL(/\/requests$/);
  await expect(page.getByTestId('current-user')).toContainText(demoAccount('requester').displayName);
  await expect(page.getByRole('heading', { level: 1, name: 'Mina ärenden' })).toBeVisible();
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === 'consult_intake_refresh')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  // The sign-in's state cookie was for the callback only and is gone.
  expect(cookies.find((c) => c.name === 'consult_intake_oidc')).toBeUndefined();
  // A reload keeps the session (the cookie, like a password login's).
  await page.reload();
  await expect(page.getByTestId('current-user')).toContainText(demoAccount('requester').displayName);
});

test('a person without an account here gets the "ask your administrator" page', async ({ page }) => {
  await openLogin(page, 'en');
  await page.getByRole('link', { name: BUTTON.en }).click();
  await signInAtProvider(page, 'stranger');
  await expect(page).toHaveURL(/\/login\/no-account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'You have no account here' })).toBeVisible();
  await expect(page.getByText('Ask your administrator to create or activate your account.')).toBeVisible();
  await page.getByRole('link', { name: 'Back to login' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('a refused callback brings the person back to the login page with a sentence', async ({ page }) => {
  // A callback this browser did not start (no state cookie): refused, nothing opened.
  await page.goto('/api/v1/auth/oidc/callback?code=forged&state=forged');
  await expect(page).toHaveURL(/\/login\?sso=failed$/);
  await expect(page.getByTestId('sso-refused')).toHaveText(
    'Inloggningen via din organisation kunde inte slutföras. Försök igen.',
  );
  await expect(page.getByTestId('current-user')).toHaveCount(0);
});

for (const language of ['sv', 'en'] as Language[]) {
  test(`login page with the single sign-on button and the no-account page: no axe violations, reflow (${language})`, async ({
    page,
  }) => {
    await openLogin(page, language);
    await expect(page.getByRole('link', { name: BUTTON[language] })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto('/login?sso=insufficient');
    await expect(page.getByTestId('sso-refused')).toBeVisible();
    await expectNoAxeViolations(page);
    if (language === 'sv') await screenshot(page, 'login-sso-refused', 390);

    await page.goto('/login/no-account');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      language === 'sv' ? 'Du har inget konto här' : 'You have no account here',
    );
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    if (language === 'sv') await screenshot(page, 'sso-no-account', 390);
  });
}
