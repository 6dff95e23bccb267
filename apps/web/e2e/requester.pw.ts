import type { Locator, Page } from '@playwright/test';
import {
  expect,
  expectNoAxeViolations,
  hasHorizontalScroll,
  loginAs,
  screenshot,
  test,
  type Language,
} from './support/test';
import { demoAccount } from './support/accounts';
import { fileRequestViaApi } from './support/file-request';

/** Issue 12, the requester: file a request, see it under "Mina ärenden", read, reply and withdraw. */

const REFERENCE = /KONS-\d{4}-\d+/;

/** Presses Tab (or Shift+Tab) until `target` has the focus (keyboard only; fails after `max` presses). */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

test.describe('requester', () => {
  // Whole journeys with several axe runs: more than the default 30 s on a busy 2-core machine.
  test.describe.configure({ timeout: 120_000 });
  test('files a critical request: the 112 alert before and after sending, the reference, then My requests lists it', async ({
    page,
  }) => {
    await loginAs(page, 'requester');
    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Ny förfrågan' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ny förfrågan' })).toBeFocused();
    await expect(page.getByTestId('emergency-alert')).toHaveCount(0);
    await expect(page.getByTestId('public-document-notice')).toContainText('allmän handling');
    await expect(page.getByTestId('public-document-notice')).toContainText('namnet');
    await expectNoAxeViolations(page);

    await page.getByRole('checkbox', { name: 'Våld i nära relation' }).check();
    await page
      .getByRole('textbox', { name: 'Beskriv situationen' })
      .fill('En elev berättar att en förälder har slagit den andra föräldern i kväll och att det pågår nu.');
    await page.getByRole('checkbox', { name: 'Någon är i akut fara just nu' }).check();
    const before = page.getByTestId('emergency-alert');
    await expect(before).toBeVisible();
    await expect(before.getByRole('heading', { name: 'Ring 112 nu' })).toBeVisible();
    await expect(before).toContainText('020-390 000');
    await page.getByRole('checkbox', { name: 'Det finns barn i hemmet' }).check();
    await page.getByLabel('Åldersgrupp').selectOption('child');
    await page.getByRole('checkbox', { name: 'Råd' }).check();
    await page.getByRole('radio', { name: 'Telefon' }).check();
    await page.getByRole('textbox', { name: 'Ditt telefonnummer' }).fill('+46701234567');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Skicka förfrågan' }).click();

    await expect(page.getByTestId('request-sent')).toBeVisible();
    const reference = (await page.getByTestId('request-reference').textContent())?.match(REFERENCE)?.[0];
    expect(reference).toBeDefined();
    const after = page.getByTestId('emergency-alert');
    await expect(after.getByRole('heading', { name: 'Ring 112 nu' })).toBeVisible();
    await expect(after.getByRole('listitem').first()).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: `Öppna förfrågan ${reference}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Förfrågan ${reference}` })).toBeVisible();
    await expect(page.getByTestId('request-summary')).toContainText('En elev berättar');
    await expectNoAxeViolations(page);

    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Mina ärenden' })
      .click();
    const row = page.getByTestId('my-requests').getByRole('row').filter({ hasText: reference! });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('cell').nth(1)).toHaveText(/Skickad|Bedömd/);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'requester', 1280);
    await screenshot(page, 'requester', 390);
  });

  test('keyboard alone: log in, file, open the request, reply and withdraw (Tab, Space, Enter)', async ({
    page,
  }) => {
    const account = demoAccount('requester');
    await page.goto('/login');
    await tabTo(page, page.locator('#login-email'));
    await page.keyboard.type(account.email);
    await tabTo(page, page.locator('#login-password'));
    await page.keyboard.type(account.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('current-user')).toContainText(account.displayName);

    await tabTo(
      page,
      page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ny förfrågan' }),
    );
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Ny förfrågan' })).toBeFocused();

    // Sending an empty form: the summary takes the focus, and its link moves to the field.
    await tabTo(page, page.getByRole('button', { name: 'Skicka förfrågan' }));
    await page.keyboard.press('Enter');
    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeFocused();
    await tabTo(page, summary.getByRole('link', { name: 'Beskriv situationen med minst 10 tecken.' }));
    await page.keyboard.press('Enter');
    await expect(page.locator('#new-request-summary')).toBeFocused();
    await page.keyboard.type('Ett barn berättar om bråk hemma och är rädd för att gå hem efter skolan.');

    await tabTo(page, page.getByRole('checkbox', { name: 'Barn som upplever våld' }), 'Shift+Tab');
    await page.keyboard.press('Space');
    await expect(page.getByRole('checkbox', { name: 'Barn som upplever våld' })).toBeChecked();
    await tabTo(page, page.getByRole('checkbox', { name: 'Någon är i akut fara just nu' }));
    await page.keyboard.press('Space');
    await expect(page.getByTestId('emergency-alert')).toBeVisible();
    await tabTo(page, page.getByRole('checkbox', { name: 'Stöd inför ett samtal' }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: 'Skicka förfrågan' }));
    await page.keyboard.press('Enter');

    await expect(page.getByTestId('request-sent')).toBeVisible();
    await expect(page.getByTestId('emergency-alert')).toBeVisible();
    const reference = (await page.getByTestId('request-reference').textContent())?.match(REFERENCE)?.[0];
    expect(reference).toBeDefined();
    await tabTo(page, page.getByRole('link', { name: `Öppna förfrågan ${reference}` }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: `Förfrågan ${reference}` })).toBeFocused();

    await tabTo(page, page.getByRole('textbox', { name: 'Skriv ett meddelande' }));
    await page.keyboard.type('Jag kan ta ett samtal i morgon förmiddag.');
    await tabTo(page, page.getByRole('button', { name: 'Skicka meddelande' }));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('messages')).toContainText('Jag kan ta ett samtal i morgon förmiddag.');
    await expect(page.getByTestId('messages')).toContainText('Du,');

    await tabTo(page, page.getByRole('button', { name: 'Återkalla förfrågan' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Vill du återkalla förfrågan?' })).toBeFocused();
    await expectNoAxeViolations(page);
    await tabTo(page, page.getByRole('button', { name: 'Ja, återkalla' }));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('request-status')).toHaveText('Återkallad');
    await expect(page.getByRole('button', { name: 'Återkalla förfrågan' })).toHaveCount(0);
  });

  test('a summary with a personnummer is refused by the server and shown on the field and in the summary', async ({
    page,
  }) => {
    await loginAs(page, 'requester');
    await page.goto('/requests/new');
    await page.getByRole('checkbox', { name: 'Sexuellt våld' }).check();
    const field = page.locator('#new-request-summary');
    await field.fill('Eleven 19811218-9876 har berättat om övergrepp i hemmet.');
    await page.getByRole('checkbox', { name: 'Råd' }).check();
    await page.getByRole('button', { name: 'Skicka förfrågan' }).click();

    const summary = page.getByTestId('error-summary');
    await expect(summary).toBeFocused();
    const link = summary.getByRole('link', { name: /Ta bort personnumret/ });
    await expect(link).toHaveAttribute('href', '#new-request-summary');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText(/Ta bort personnumret/)).toHaveCount(2);
    await expect(page.getByTestId('request-sent')).toHaveCount(0);
    await expectNoAxeViolations(page);
    await link.click();
    await expect(field).toBeFocused();
  });

  test('a request that does not exist (or is not yours) says so', async ({ page }) => {
    await loginAs(page, 'requester');
    await page.goto('/requests/00000000-0000-4000-8000-000000000000');
    await expect(page.getByTestId('request-error')).toHaveText(
      'Ärendet finns inte, eller så är det inte ditt.',
    );
    await expectNoAxeViolations(page);
  });

  for (const language of ['sv', 'en'] as Language[]) {
    test(`every requester page: no axe violations, reflows at 320 px (${language})`, async ({
      page,
      request,
    }) => {
      const { id } = await fileRequestViaApi(request);
      await loginAs(page, 'requester', language);
      await page.goto('/requests/new');
      await expect(page.locator('h1')).toBeFocused();
      await page.locator('button[type=submit]').click();
      await expect(page.getByTestId('error-summary')).toBeVisible();
      await page.locator('#risk-immediateDanger').check();
      await page.locator('#contact-phone').check();
      await expect(page.getByTestId('emergency-alert')).toBeVisible();
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await hasHorizontalScroll(page)).toBe(false);
      if (language === 'sv') await screenshot(page, 'requester-new-request', 390);

      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto('/requests');
      await expect(page.getByTestId('my-requests')).toBeVisible();
      await expectNoAxeViolations(page);
      await page.goto(`/requests/${id}`);
      await expect(page.getByTestId('request-summary')).toBeVisible();
      await expect(
        page.getByTestId('messages').or(page.getByText(/Inga meddelanden|No messages/)),
      ).toBeVisible();
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await hasHorizontalScroll(page)).toBe(false);
    });
  }
});
