import type { Page } from '@playwright/test';
import { apiLogin, bearer, marker } from './support/api';
import {
  expect,
  expectNoAxeViolations,
  hasHorizontalScroll,
  loginAs,
  openLogin,
  screenshot,
  test,
  type Language,
} from './support/test';

const PASSWORD = 'ett långt och säkert lösenord';

async function logInWith(page: Page, email: string, language: Language = 'sv'): Promise<void> {
  await openLogin(page, language);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
}

async function logOut(page: Page, language: Language = 'sv'): Promise<void> {
  await page.getByRole('button', { name: language === 'sv' ? 'Logga ut' : 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/**
 * Issue 14, two-person staff-role grants: an admin asks for investigator for a requester, who stays
 * a requester until a supervisor approves it (Swedish); another, for a new account without a role,
 * is rejected with a reason (English). The waiting page of an account without a role: see
 * test/role-grants.e2e-spec.ts for its API side (an invited account logs in only after accepting).
 */
test('admin asks for a staff role, the account waits, a supervisor approves; another is rejected with a reason', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const stamp = marker();
  const name = `Petra ${stamp}`;
  const email = `petra-${stamp}@example.org`;

  // The admin adds a requester (a password is allowed for requesters only) and asks for investigator.
  await loginAs(page, 'admin');
  await page.goto('/users');
  await page.getByRole('textbox', { name: 'E-postadress' }).fill(email);
  await page.getByRole('textbox', { name: 'Namn' }).fill(name);
  await page.locator('#new-user-role').selectOption('requester');
  await page.locator('#new-user-organization').selectOption({ index: 1 });
  await page.locator('#new-user-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Lägg till' }).click();
  await expect(page.getByTestId('user-created')).toHaveText(`Användaren ${name} är tillagd.`);
  const row = page.getByTestId(`user-${email}`);
  await row.getByRole('combobox', { name: `Roll för ${name}` }).selectOption('investigator');
  await row.getByRole('button', { name: `Byt roll för ${name}` }).click();
  await expect(row.getByRole('status')).toHaveText(
    `Rollen Utredare för ${name} väntar på en arbetsledares godkännande.`,
  );
  await expect(row.getByTestId('pending-role')).toHaveText(
    'Väntar på en arbetsledares godkännande: Utredare',
  );
  await expect(row.getByRole('combobox', { name: `Roll för ${name}` })).toHaveValue('requester');
  await expectNoAxeViolations(page);
  await screenshot(page, 'users-pending-role', 1280);
  await logOut(page);

  // Until a supervisor approves, the account is what it was: a requester.
  await logInWith(page, email);
  await expect(page.getByTestId('current-user')).toContainText(`${name} (Frågeställare)`);
  await logOut(page);

  // The supervisor approves it (Swedish).
  await loginAs(page, 'supervisor');
  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Rollgodkännanden' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rollgodkännanden' })).toBeFocused();
  const card = page.getByTestId(`grant-${email}`);
  await expect(card).toContainText('Utredare');
  await expect(card).toContainText('Frågeställare');
  await expect(card).toContainText('Demo admin');
  await expectNoAxeViolations(page);
  await screenshot(page, 'role-grants', 1280);
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await hasHorizontalScroll(page)).toBe(false);
  await page.setViewportSize({ width: 1280, height: 800 });
  await card.getByRole('button', { name: `Godkänn Utredare för ${name}` }).click();
  await expect(page.getByTestId('role-grant-outcome')).toHaveText(
    `${name} har nu rollen Utredare. Personen loggar in igen för att använda den.`,
  );
  await expect(card).toHaveCount(0);
  await logOut(page);

  // Another grant, asked for through the API for a new (invited) account, rejected with a reason (English).
  const admin = await apiLogin(request, 'admin');
  const other = `Olle ${stamp}`;
  const asked = await request.post('/api/v1/users', {
    headers: bearer(admin.token),
    data: { email: `olle-${stamp}@example.org`, displayName: other, role: 'supervisor' },
  });
  expect(asked.status()).toBe(202);
  await loginAs(page, 'supervisor', 'en');
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Role approvals' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Role approvals' })).toBeFocused();
  const otherCard = page.getByTestId(`grant-olle-${stamp}@example.org`);
  await otherCard.getByRole('button', { name: `Reject Supervisor for ${other}` }).click();
  await otherCard.getByRole('button', { name: 'Reject the role' }).click();
  await expect(otherCard).toContainText('No role yet');
  await expect(otherCard.getByText('Write why the role is rejected.')).toBeVisible();
  await expectNoAxeViolations(page);
  await otherCard
    .getByRole('textbox', { name: `Why is Supervisor for ${other} rejected?` })
    .fill('Not the unit head.');
  await otherCard.getByRole('button', { name: 'Reject the role' }).click();
  await expect(page.getByTestId('role-grant-outcome')).toHaveText(
    `The role Supervisor for ${other} was rejected.`,
  );
  await expect(otherCard).toHaveCount(0);
  await expectNoAxeViolations(page);
  await logOut(page, 'en');

  // The approved account logs in again (the page stays in English) and works as an investigator.
  await logInWith(page, email, 'en');
  await expect(page.getByTestId('current-user')).toContainText(`${name} (Investigator)`);
  await expect(
    page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'My cases' }),
  ).toBeVisible();
});
