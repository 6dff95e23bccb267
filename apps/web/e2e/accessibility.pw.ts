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

for (const language of ['sv', 'en'] as Language[]) {
  test(`login page: no axe violations, reflows at 320 px (${language})`, async ({ page }) => {
    await openLogin(page, language);
    await expectNoAxeViolations(page);
    await page.locator('form button[type=submit]').click();
    await expect(page.getByTestId('error-summary')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    if (language === 'sv') {
      await page.reload();
      await screenshot(page, 'login', 1280);
      await screenshot(page, 'login', 390);
    }
  });

  test(`app shell: no axe violations, reflows at 320 px (${language})`, async ({ page }) => {
    await loginAs(page, 'supervisor', language);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoAxeViolations(page);
    if (language === 'sv') {
      await screenshot(page, 'shell-supervisor', 1280);
      await screenshot(page, 'shell-supervisor', 390);
    }
  });
}

test('keyboard: the skip link is the first stop and moves to the main content', async ({ page }) => {
  await loginAs(page, 'requester');
  // Focus sits on the page's heading after navigation; from the top of the document:
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Hoppa till innehållet' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
});

test('idle warning: no axe violations', async ({ page }) => {
  await page.clock.install();
  await loginAs(page, 'requester', 'en');
  await page.clock.fastForward('29:30');
  await expect(page.getByRole('alert').filter({ hasText: 'You will soon be logged out' })).toBeVisible();
  await expectNoAxeViolations(page);
});
