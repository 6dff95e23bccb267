import { demoAccount } from './support/accounts';
import { expect, loginAs, openLogin, test } from './support/test';

test.describe('login and the browser session', () => {
  test('logs in in Swedish: the requester lands on their requests, heading focused', async ({ page }) => {
    await loginAs(page, 'requester');
    await expect(page).toHaveURL(/\/requests$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
    const heading = page.getByRole('heading', { level: 1, name: 'Mina ärenden' });
    await expect(heading).toBeFocused();
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    await expect(nav.getByRole('link')).toHaveText([
      'Mina ärenden',
      'Ny förfrågan',
      'E-postaviseringar',
      'Säkerhet',
      'Mina inloggningar',
      'Byt lösenord',
    ]);
    await expect(page.getByTestId('current-user')).toHaveText('Inloggad som Demo requester (Frågeställare)');
  });

  test('logs in in English and keeps the language after a reload', async ({ page }) => {
    await loginAs(page, 'supervisor', 'en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    await expect(nav.getByRole('link')).toHaveText([
      'Incoming requests',
      'My cases',
      'Notifications',
      'Dashboard',
      'Audit trail',
      'Upcoming purges',
      'Role approvals',
      'Email notifications',
      'Security',
      'My sessions',
      'Change password',
    ]);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Incoming requests' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('a wrong password shows the error summary, linked to the field', async ({ page }) => {
    await openLogin(page);
    await page.locator('#login-email').fill(demoAccount('requester').email);
    await page.locator('#login-password').fill('not the password');
    await page.locator('form button[type=submit]').click();
    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeVisible();
    await expect(summary.getByRole('heading')).toHaveText('Det gick inte att logga in');
    const link = summary.getByRole('link', { name: 'E-postadressen eller lösenordet är fel.' });
    await expect(link).toHaveAttribute('href', '#login-password');
    await link.click();
    await expect(page.locator('#login-password')).toBeFocused();
    await expect(page.getByLabel('Lösenord')).toHaveAccessibleDescription(
      /E-postadressen eller lösenordet är fel/,
    );
  });

  test('empty fields are named in the summary, each linked to its field', async ({ page }) => {
    await openLogin(page, 'en');
    await page.locator('form button[type=submit]').click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link')).toHaveText(['Enter your email address.', 'Enter your password.']);
    await expect(summary.getByRole('link').first()).toHaveAttribute('href', '#login-email');
  });

  test('a reload stays logged in through the cookie; nothing of the session is in web storage', async ({
    page,
    context,
  }) => {
    await loginAs(page, 'investigator');
    await page.goto('/notifications');
    // Reloading while the start-up refresh is in flight would lose the rotated cookie (see docs/web.md).
    await expect(page.getByRole('heading', { level: 1, name: 'Aviseringar' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Aviseringar' })).toBeVisible();
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'consult_intake_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/v1/auth' });
    const stored = await page.evaluate(() => ({
      local: Object.keys(window.localStorage),
      session: Object.keys(window.sessionStorage),
      cookie: document.cookie,
    }));
    expect(stored).toEqual({
      local: ['consult-intake.language'].filter((k) => stored.local.includes(k)),
      session: [],
      cookie: '',
    });
  });

  test('logout ends the session: the login page says so, and a reload does not bring it back', async ({
    page,
  }) => {
    await loginAs(page, 'admin');
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await expect(page.getByTestId('session-ended')).toHaveText('Du är utloggad.');
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/users');
    await expect(page).toHaveURL(/\/login\?next=%2Fusers$/);
  });

  test('after the idle time it warns, then logs out', async ({ page }) => {
    await page.clock.install();
    await loginAs(page, 'requester');
    // The login lands on / and the app moves on to the requester's home; the page to come back to
    // after the idle logout is that home, so wait for it before time runs (a CI run once timed out
    // on '/', which is not remembered as `next`).
    await expect(page).toHaveURL(/\/requests$/);
    await page.clock.fastForward('29:05');
    const warning = page.getByRole('alert').filter({ hasText: 'Du loggas snart ut' });
    await expect(warning).toBeVisible();
    await page.clock.fastForward('01:00');
    await expect(page.getByTestId('session-ended')).toHaveText(
      'Du loggades ut eftersom tjänsten inte användes på 30 minuter.',
    );
    // Back to where they were after logging in again; the reload brings no session back.
    await expect(page).toHaveURL(/\/login\?next=%2Frequests$/);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  });

  test('a deep link survives the login, and another role’s page is a 404', async ({ page }) => {
    await page.goto('/queue');
    await expect(page).toHaveURL(/\/login\?next=%2Fqueue$/);
    const account = demoAccount('investigator');
    await page.locator('#login-email').fill(account.email);
    await page.locator('#login-password').fill(account.password);
    await page.locator('form button[type=submit]').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Inkommande förfrågningar' })).toBeFocused();
    await page.goto('/users');
    await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible();
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible();
  });
});
