import { expect, expectNoAxeViolations, hasHorizontalScroll, loginAs, test } from './support/test';

/** Issue 13: each user's email notification preferences (GET/PUT /me/notification-preferences). */
test.describe('email notification settings', () => {
  test('a supervisor turns a kind off and chooses English; both stay after a reload', async ({ page }) => {
    await loginAs(page, 'supervisor');
    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'E-postaviseringar' })
      .click();
    await expect(page).toHaveURL(/\/settings\/email$/);
    await expect(page.getByRole('heading', { level: 1, name: 'E-postaviseringar' })).toBeFocused();
    const kinds = page.getByRole('group', { name: 'Skicka e-post när' });
    await expect(kinds.getByRole('checkbox')).toHaveCount(4);
    const breach = page.getByRole('checkbox', { name: 'Svarstiden närmar sig eller har passerats' });
    await expect(breach).toBeChecked();
    await expect(page.getByRole('radio', { name: 'Svenska' })).toBeChecked();
    await expectNoAxeViolations(page);

    await breach.uncheck();
    await page.getByRole('radio', { name: 'English' }).check();
    await page.getByRole('button', { name: 'Spara' }).click();
    await expect(page.getByTestId('email-settings-saved')).toHaveText('Dina val är sparade.');
    await expectNoAxeViolations(page);

    await page.reload();
    await expect(
      page.getByRole('checkbox', { name: 'Svarstiden närmar sig eller har passerats' }),
    ).not.toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'En ny akut förfrågan kommer in' })).toBeChecked();
    await expect(page.getByRole('radio', { name: 'English' })).toBeChecked();
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await hasHorizontalScroll(page)).toBe(false);

    // Back to the defaults, so other tests see the demo account as seeded.
    await page.getByRole('checkbox', { name: 'Svarstiden närmar sig eller har passerats' }).check();
    await page.getByRole('radio', { name: 'Svenska' }).check();
    await page.getByRole('button', { name: 'Spara' }).click();
    await expect(page.getByTestId('email-settings-saved')).toBeVisible();
  });

  test('a requester sees only the kind of mail a requester can get, in English', async ({ page }) => {
    await loginAs(page, 'requester', 'en');
    await page.goto('/settings/email');
    await expect(page.getByRole('heading', { level: 1, name: 'Email notifications' })).toBeVisible();
    await expect(page.getByRole('checkbox')).toHaveCount(1);
    await expect(page.getByRole('checkbox', { name: 'A new message arrives' })).toBeChecked();
    await expectNoAxeViolations(page);
  });
});
