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
  // Focus moves to the page's heading once the page has loaded (with a long request list that can
  // be after loginAs returns); wait for it, so it cannot move after the Tab below. Then start from
  // the top of the document:
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  // (blur() alone leaves Chromium's focus-navigation starting point at the heading, so the next Tab
  // would go on from there; focusing the body moves it to the top of the document).
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
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
