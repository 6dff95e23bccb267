import { apiToken, fileRequestViaApi } from './support/file-request';
import {
  expect,
  expectNoAxeViolations,
  hasHorizontalScroll,
  loginAs,
  screenshot,
  test,
  type Language,
} from './support/test';

/** Issue 12, the admin: organizations and users, and never any case content. */
test.describe('admin', () => {
  // Whole journeys with several axe runs: more than the default 30 s on a busy 2-core machine.
  test.describe.configure({ timeout: 120_000 });
  test('creates an organization and a requester in it, changes the role, deactivates the account', async ({
    page,
  }) => {
    const stamp = Date.now().toString(36);
    const orgName = `Solskolan ${stamp}`;
    const email = `anna.${stamp}@example.org`;
    await loginAs(page, 'admin');
    await expect(page).toHaveURL(/\/organizations$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Organisationer' })).toBeFocused();
    await expectNoAxeViolations(page);

    // The form's own checks first: both fields named in the summary.
    await page.getByRole('button', { name: 'Lägg till' }).click();
    await expect(page.getByTestId('error-summary').getByRole('link')).toHaveText([
      'Skriv organisationens namn.',
      'Välj typ av organisation.',
    ]);
    await expectNoAxeViolations(page);

    await page.getByRole('textbox', { name: 'Namn' }).fill(orgName);
    await page.getByLabel('Typ av organisation').selectOption('school');
    await page.getByRole('button', { name: 'Lägg till' }).click();
    await expect(page.getByTestId('organization-created')).toHaveText(
      `Organisationen ${orgName} är tillagd.`,
    );
    const orgRow = page.getByTestId('organizations').getByRole('row').filter({ hasText: orgName });
    await expect(orgRow.getByRole('cell').nth(1)).toHaveText('Skola');
    await screenshot(page, 'admin', 1280);
    await screenshot(page, 'admin', 390);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Användare' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Användare' })).toBeFocused();
    await expectNoAxeViolations(page);
    await page.getByRole('textbox', { name: 'E-postadress' }).fill(email);
    await page.getByRole('textbox', { name: 'Namn' }).fill(`Anna ${stamp}`);
    await page.locator('#new-user-role').selectOption('requester');
    await page.locator('#new-user-password').fill('kort');
    await page.getByRole('button', { name: 'Lägg till' }).click();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link')).toHaveText([
      'Välj organisation för en frågeställare.',
      'Lösenordet måste ha minst 12 tecken.',
    ]);
    await expect(page.locator('#new-user-password')).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page);

    await page.locator('#new-user-organization').selectOption({ label: orgName });
    await page.locator('#new-user-password').fill('ett långt och säkert lösenord');
    await page.getByRole('button', { name: 'Lägg till' }).click();
    await expect(page.getByTestId('user-created')).toHaveText(`Användaren Anna ${stamp} är tillagd.`);

    const row = page.getByTestId(`user-${email}`);
    await expect(row).toContainText(orgName);
    await expect(row).toContainText('Aktivt');
    // A staff role takes a supervisor's approval (role-grants.pw.ts): the requester stays a requester meanwhile.
    await row.getByRole('combobox', { name: `Roll för Anna ${stamp}` }).selectOption('investigator');
    await row.getByRole('button', { name: `Byt roll för Anna ${stamp}` }).click();
    await expect(row.getByRole('status')).toHaveText(
      `Rollen Utredare för Anna ${stamp} väntar på en arbetsledares godkännande.`,
    );
    await page.locator('#users-filter-role').selectOption('requester');
    await expect(page.getByTestId(`user-${email}`)).toBeVisible();
    await expect(page.getByTestId(`user-${email}`).getByRole('combobox')).toHaveValue('requester');
    await expect(page.getByTestId(`user-${email}`).getByTestId('pending-role')).toHaveText(
      'Väntar på en arbetsledares godkännande: Utredare',
    );

    await page
      .getByTestId(`user-${email}`)
      .getByRole('button', { name: `Stäng av Anna ${stamp}` })
      .click();
    await expect(page.getByTestId(`user-${email}`)).toContainText('Avstängt');
    // Deactivating withdraws the pending role.
    await expect(page.getByTestId(`user-${email}`).getByTestId('pending-role')).toHaveCount(0);
    await page.locator('#users-filter-status').selectOption('active');
    await expect(page.getByTestId(`user-${email}`)).toHaveCount(0);
    await page.locator('#users-filter-status').selectOption('deactivated');
    await expect(page.getByTestId(`user-${email}`)).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('an admin reaches no case content: not in the app, not through the API', async ({ page, request }) => {
    const summary = 'Hemlig beskrivning som en administratör aldrig får se i tjänsten.';
    const { id, reference } = await fileRequestViaApi(request, summary);
    await loginAs(page, 'admin');
    const caseCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/consultations')) caseCalls.push(r.url());
    });
    for (const path of [`/consultations/${id}`, `/requests/${id}`, `/cases/${id}`]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible();
      await expect(page.locator('body')).not.toContainText(summary);
      await expect(page.locator('body')).not.toContainText(reference);
    }
    expect(caseCalls).toEqual([]);
    await expectNoAxeViolations(page);

    const token = await apiToken(request, 'admin');
    const answer = await request.get(`/api/v1/consultations/${id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect([403, 404]).toContain(answer.status());
    expect(await answer.text()).not.toContain('Hemlig beskrivning');
  });

  for (const language of ['sv', 'en'] as Language[]) {
    test(`admin pages: no axe violations, reflow at 320 px (${language})`, async ({ page }) => {
      await loginAs(page, 'admin', language);
      for (const path of ['/organizations', '/users']) {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.goto(path);
        await expect(page.locator('table')).toBeVisible();
        await expectNoAxeViolations(page);
        await page.setViewportSize({ width: 320, height: 640 });
        expect(await hasHorizontalScroll(page)).toBe(false);
      }
    });
  }
});
