import { type APIRequestContext } from '@playwright/test';
import { apiLogin, bearer } from './support/api';
import {
  expect,
  expectNoAxeViolations,
  hasHorizontalScroll,
  loginAs,
  openLogin,
  screenshot,
  test,
} from './support/test';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';

interface Person {
  email: string;
  password: string;
}

/** A requester of its own (the demo accounts are shared by parallel tests), made by the demo admin. */
async function newRequester(request: APIRequestContext): Promise<Person> {
  const { token } = await apiLogin(request, 'admin');
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const org = await request.post('/api/v1/organizations', {
    headers: bearer(token),
    data: { name: `Sessionsskolan ${stamp}`, kind: 'school' },
  });
  expect(org.status(), 'create an organization').toBe(201);
  const person = { email: `sessions.${stamp}@example.org`, password: 'the first long passphrase' };
  const user = await request.post('/api/v1/users', {
    headers: bearer(token),
    data: {
      email: person.email,
      displayName: 'Sara Sessionsson',
      role: 'requester',
      organizationId: ((await org.json()) as { id: string }).id,
      password: person.password,
    },
  });
  expect(user.status(), 'create a requester').toBe(201);
  return person;
}

/** A login from another device (its User-Agent), through the JSON token flow; answers its access token. */
async function loginElsewhere(
  request: APIRequestContext,
  person: Person,
  userAgent: string,
): Promise<string> {
  const answer = await request.post('/api/v1/auth/login', {
    headers: { 'User-Agent': userAgent },
    data: { email: person.email, password: person.password },
  });
  expect(answer.status(), 'login elsewhere').toBe(200);
  return ((await answer.json()) as { accessToken: string }).accessToken;
}

async function meStatus(request: APIRequestContext, token: string): Promise<number> {
  return (await request.get('/api/v1/auth/me', { headers: bearer(token) })).status();
}

/** Issue 14, Sessions: "My sessions" and "Change password", for every role, in both languages. */
test.describe('sessions and password', () => {
  test.describe.configure({ timeout: 120_000 });

  test('a requester sees their logins, ends another one after confirming, and changes the password', async ({
    page,
    request,
  }) => {
    const person = await newRequester(request);
    const firefox = await loginElsewhere(request, person, FIREFOX_WINDOWS);
    const iphone = await loginElsewhere(request, person, SAFARI_IPHONE);
    await openLogin(page, 'sv');
    await page.locator('#login-email').fill(person.email);
    await page.locator('#login-password').fill(person.password);
    await page.locator('form button[type=submit]').click();
    await expect(page.getByTestId('current-user')).toContainText('Sara Sessionsson');

    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Mina inloggningar' })
      .click();
    await expect(page).toHaveURL(/\/settings\/sessions$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Mina inloggningar' })).toBeFocused();
    const table = page.getByTestId('sessions');
    await expect(table.getByRole('listitem')).toHaveCount(3);
    await expect(page.getByTestId('session-current')).toContainText('Den här enheten');
    await expect(page.getByTestId('session-current').getByRole('button')).toHaveCount(0);
    await expect(table).toContainText('Firefox, Windows');
    await expect(table).toContainText('Safari, iOS');
    await expect(table.getByText('Lösenord', { exact: true })).toHaveCount(3);
    await expect(page.getByTestId('session-current')).toContainText('Chrome, Linux');
    await expectNoAxeViolations(page);
    await screenshot(page, 'sessions', 1280);
    await screenshot(page, 'sessions', 390);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Ending one asks first; cancelling leaves it alone.
    await page.getByRole('button', { name: 'Logga ut Firefox, Windows' }).click();
    const confirm = page.getByTestId('session-end-confirm');
    await expect(confirm.getByRole('heading', { name: 'Logga ut Firefox, Windows?' })).toBeFocused();
    await expectNoAxeViolations(page);
    await confirm.getByRole('button', { name: 'Avbryt' }).click();
    await expect(confirm).toHaveCount(0);
    expect(await meStatus(request, firefox)).toBe(200);

    await page.getByRole('button', { name: 'Logga ut Firefox, Windows' }).click();
    await confirm.getByRole('button', { name: 'Ja, logga ut den' }).click();
    await expect(page.getByTestId('session-ended')).toHaveText('Inloggningen är avslutad.');
    await expect(page.getByRole('heading', { level: 2, name: 'Inloggad nu' })).toBeFocused();
    await expect(table.getByRole('listitem')).toHaveCount(2);
    await expect(table).not.toContainText('Firefox');
    expect(await meStatus(request, firefox)).toBe(401);
    expect(await meStatus(request, iphone)).toBe(200);
    await expectNoAxeViolations(page);

    // In English, the same page; then "Change password" from the menu.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My sessions' })).toBeVisible();
    await expect(page.getByTestId('session-current')).toContainText('This device');
    await expectNoAxeViolations(page);
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Change password' })
      .click();
    await expect(page).toHaveURL(/\/settings\/password$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Change password' })).toBeFocused();
    await expectNoAxeViolations(page);

    // The form's own checks, as sentences naming each field.
    await page.getByLabel('New password', { exact: true }).fill('too short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByTestId('error-summary').getByRole('link')).toHaveText([
      'Enter your current password.',
      'The new password must be at least 12 characters long.',
      'The two new passwords are not the same.',
    ]);
    await expectNoAxeViolations(page);

    // A wrong current password: the service's answer, as a sentence on the field.
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill('the second long passphrase');
    await page.getByLabel('Repeat the new password').fill('the second long passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByTestId('error-summary').getByRole('link')).toHaveText([
      'The current password is not correct.',
    ]);
    await screenshot(page, 'change-password-error', 1280);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByLabel('Current password').fill(person.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByTestId('password-changed')).toHaveText(
      'Your password is changed. You have been logged out everywhere else.',
    );
    await expect(page.getByLabel('Current password')).toHaveValue('');
    expect(await meStatus(request, iphone)).toBe(401);
    await expectNoAxeViolations(page);
    await screenshot(page, 'change-password', 1280);
    await page.setViewportSize({ width: 1280, height: 800 });

    // This login goes on, also after a reload (the refresh cookie), and the list now holds it alone.
    await page.reload();
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'My sessions' })
      .click();
    await expect(page.getByTestId('sessions').getByRole('listitem')).toHaveCount(1);
    await expect(page.getByTestId('session-current')).toBeVisible();
  });

  for (const role of ['investigator', 'supervisor', 'admin'] as const) {
    test(`the ${role} reaches both pages from the menu`, async ({ page }) => {
      await loginAs(page, role, 'en');
      const menu = page.getByRole('navigation', { name: 'Main menu' });
      await expect(menu.getByRole('link', { name: 'Change password' })).toBeVisible();
      await menu.getByRole('link', { name: 'My sessions' }).click();
      await expect(page.getByTestId('session-current')).toContainText('This device');
      // The security page links to both too.
      await menu.getByRole('link', { name: 'Security' }).click();
      const logins = page.getByRole('region', { name: 'Logins and password' });
      await expect(logins.getByRole('link', { name: 'Change password' })).toBeVisible();
      await logins.getByRole('link', { name: 'My sessions' }).click();
      await expect(page).toHaveURL(/\/settings\/sessions$/);
    });
  }
});
