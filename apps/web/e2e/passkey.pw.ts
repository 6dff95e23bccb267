import type { APIRequestContext, CDPSession, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { apiLogin, bearer } from './support/api';
import { expect, expectNoAxeViolations, hasHorizontalScroll, openLogin, screenshot, test } from './support/test';

/**
 * Issue 14: a passkey registered and used through Chromium's virtual authenticator (CDP WebAuthn
 * domain: a platform authenticator with user verification, as a laptop's fingerprint reader).
 * Each test uses an account of its own, so the demo accounts keep logging in with a password alone.
 */
const PASSWORD = 'passkey-test-password-1';

async function freshRequester(request: APIRequestContext): Promise<{ email: string; displayName: string }> {
  const { token } = await apiLogin(request, 'admin');
  const org = await request.post('/api/v1/organizations', {
    headers: bearer(token),
    data: { name: `Passkey school ${randomBytes(3).toString('hex')}`, kind: 'school' },
  });
  expect(org.status(), 'create an organization').toBe(201);
  const suffix = randomBytes(4).toString('hex');
  const user = { email: `passkey-${suffix}@test.example`, displayName: `Passkey user ${suffix}` };
  const created = await request.post('/api/v1/users', {
    headers: bearer(token),
    data: { ...user, role: 'requester', password: PASSWORD, organizationId: ((await org.json()) as { id: string }).id },
  });
  expect(created.status(), 'create a requester').toBe(201);
  return user;
}

async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return { cdp, authenticatorId };
}

async function logInWithPassword(page: Page, email: string): Promise<void> {
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
}

test.describe('passkeys', () => {
  test('a user registers a passkey on the security page, then logs in with it', async ({ page, request }) => {
    const user = await freshRequester(request);
    const { cdp, authenticatorId } = await virtualAuthenticator(page);
    await openLogin(page);
    await logInWithPassword(page, user.email);
    await expect(page.getByTestId('current-user')).toContainText(user.displayName);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Säkerhet' }).click();
    await expect(page).toHaveURL(/\/settings\/security$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Säkerhet' })).toBeFocused();
    await expect(page.getByText('Du har ingen nyckel än.')).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByLabel('Namn på den nya nyckeln (frivilligt)').fill('Min laptop');
    await page.getByRole('button', { name: 'Lägg till en nyckel' }).click();
    await expect(page.getByTestId('passkeys-notice')).toContainText('Nyckeln Min laptop lades till.');
    // The first factor comes with ten recovery codes, shown once.
    await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
    await expectNoAxeViolations(page);
    await page.getByRole('checkbox', { name: 'Jag har sparat återställningskoderna' }).check();
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
    const rows = page.getByTestId('passkeys').getByRole('row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('Min laptop');
    await expect(rows.nth(1)).toContainText('Inte använd än');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials.map((c) => c.rpId)).toEqual(['localhost']);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Remove Min laptop' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, 'security-passkeys', 1280);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });

    // The next login asks for the second step and offers the passkey.
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.locator('#login-email')).toBeVisible();
    await logInWithPassword(page, user.email);
    await expect(page.getByRole('heading', { level: 2, name: 'Use a passkey' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, 'login-passkey', 1280);
    await page.getByRole('button', { name: 'Svenska' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Använd en nyckel (passkey)' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Använd en nyckel', exact: true }).click();
    await expect(page.getByTestId('current-user')).toContainText(user.displayName);
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials.map((c) => c.signCount)).toEqual(credentials.map((c) => c.signCount + 1));
    await page.goto('/settings/security');
    await expect(page.getByTestId('passkeys').getByRole('row').nth(1)).not.toContainText('Inte använd än');
  });
});
