import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoAccount, type Role } from './accounts';

/**
 * The browser suite's `test` (import it instead of @playwright/test's):
 * - `baseURL` is the API the global setup started, so `page.goto('/login')` works;
 * - a test fails when the page reported a Content-Security-Policy violation or an uncaught error.
 */
export const test = base.extend<{ cspGuard: void }>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.WEB_E2E_BASE_URL;
    if (!url)
      throw new Error('WEB_E2E_BASE_URL is not set: run through playwright.config.ts (npm run test:web)');
    await use(url);
  },
  cspGuard: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to (load|apply|execute)/i.test(message.text()))
          problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      await use();
      expect(problems, 'CSP violations or uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export type Language = 'sv' | 'en';

/** Opens the login page in a language (the switch on the page, as a person would). */
export async function openLogin(page: Page, language: Language = 'sv'): Promise<void> {
  await page.goto('/login');
  await expect(page.locator('h1')).toBeVisible();
  if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** Logs in as the demo account of a role and waits for the app shell. */
export async function loginAs(page: Page, role: Role, language: Language = 'sv'): Promise<void> {
  const account = demoAccount(role);
  await openLogin(page, language);
  await page.locator('#login-email').fill(account.email);
  await page.locator('#login-password').fill(account.password);
  await page.locator('form button[type=submit]').click();
  await expect(page.getByTestId('current-user')).toContainText(account.displayName);
}

/** axe-core on the whole page: zero violations of WCAG 2.0/2.1 A and AA rules. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary).toEqual([]);
}

const SCREENSHOTS = resolve(__dirname, '..', '..', '..', '..', 'docs', 'screenshots');

/** Saves docs/screenshots/<name>-<width>.png of the full page at that viewport width. */
export async function screenshot(page: Page, name: string, width: number): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width, height: 800 });
  const path = join(SCREENSHOTS, `${name}-${width}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** True when the page scrolls sideways (WCAG 1.4.10 reflow fails). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
