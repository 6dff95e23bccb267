import type { APIRequestContext } from '@playwright/test';
import { apiLogin, bearer } from './support/api';
import { linkIn, mailTo } from './support/mail';
import { expect, expectNoAxeViolations, loginAs, screenshot, test, type Language } from './support/test';

/** A requester with a password, in the demo organization, made through the API as the admin. */
async function requesterWithPassword(request: APIRequestContext, email: string, password: string) {
  const { token } = await apiLogin(request, 'admin');
  const orgs = await request.get('/api/v1/organizations?limit=100', { headers: bearer(token) });
  const { items } = (await orgs.json()) as { items: { id: string; name: string }[] };
  const org = items.find((o) => o.name === 'Demo organization');
  const created = await request.post('/api/v1/users', {
    headers: bearer(token),
    data: { email, displayName: 'Reset Person', role: 'requester', organizationId: org?.id, password },
  });
  expect(created.status()).toBe(201);
}

/** Issue 14: invitations and password resets, following the links in the mails. */
test.describe('invitations and password resets', () => {
  test.describe.configure({ timeout: 120_000 });

  test('an admin invites a staff member, who follows the mail’s link, chooses a password and logs in', async ({
    page,
  }) => {
    const stamp = Date.now().toString(36);
    const email = `utredare.${stamp}@example.org`;
    const name = `Ulla ${stamp}`;
    const password = 'sju gröna kaniner hoppar i snön';

    await loginAs(page, 'admin');
    await page.goto('/users');
    await expect(page.getByRole('heading', { level: 1, name: 'Användare' })).toBeFocused();
    await page.getByRole('textbox', { name: 'E-postadress' }).fill(email);
    await page.getByRole('textbox', { name: 'Namn' }).fill(name);
    await page.locator('#new-user-role').selectOption('investigator');
    // Staff choose their own password: the form asks none.
    await expect(page.locator('#new-user-password')).toHaveCount(0);
    await expect(page.getByTestId('invitation-note')).toBeVisible();
    await page.getByRole('button', { name: 'Lägg till' }).click();
    // Investigator also waits for a supervisor's approval (role-grants.pw.ts).
    await expect(page.getByTestId('user-created')).toHaveText(
      `Användaren ${name} är tillagd och har fått en inbjudan per e-post, än så länge utan roll: rollen Utredare väntar på en arbetsledares godkännande.`,
    );
    const row = page.getByTestId(`user-${email}`);
    await expect(row).toContainText('Inbjudet');
    await expectNoAxeViolations(page);

    // A new invitation replaces the first: only the second mail's link works.
    const first = linkIn(await mailTo(email));
    await row.getByRole('button', { name: `Skicka ny inbjudan till ${name}` }).click();
    await expect(row.getByRole('status')).toContainText(`En ny inbjudan har skickats till ${name}.`);
    await expect.poll(async () => linkIn(await mailTo(email))).not.toBe(first);
    const mail = await mailTo(email);
    expect(mail.subject).toBe('Du har bjudits in till Konsultation');
    expect(mail.text).not.toContain(name);
    const link = linkIn(mail);
    expect(link).toMatch(/\/invitation#token=[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await expect(page).toHaveURL(/\/login$/);

    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1, name: 'Välj ditt lösenord' })).toBeVisible();
    // The token leaves the address bar (and so the history) as soon as the page has read it.
    await expect(page).toHaveURL(/\/invitation$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Så väljer du lösenord' })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByLabel('Nytt lösenord').fill('kort');
    await page.getByRole('button', { name: 'Spara lösenord' }).click();
    await expect(page.getByTestId('error-summary').getByRole('link')).toHaveText([
      'Lösenordet måste ha minst 12 tecken.',
    ]);
    await page.getByLabel('Nytt lösenord').fill(password);
    await page.getByLabel('Skriv lösenordet igen').fill(`${password}!`);
    await page.getByRole('button', { name: 'Spara lösenord' }).click();
    await expect(page.getByTestId('error-summary').getByRole('link')).toHaveText([
      'Lösenorden är inte lika. Skriv samma lösenord två gånger.',
    ]);
    await expect(page.getByLabel('Skriv lösenordet igen')).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page);
    await screenshot(page, 'invitation', 1280);
    await screenshot(page, 'invitation', 390);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByLabel('Skriv lösenordet igen').fill(password);
    await page.getByRole('button', { name: 'Spara lösenord' }).click();
    await expect(page.getByTestId('password-set')).toContainText('Ditt lösenord är sparat');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Till inloggningen' }).click();
    await page.locator('#login-email').fill(email);
    await page.locator('#login-password').fill(password);
    await page.locator('form button[type=submit]').click();
    // No role until a supervisor approves: a page that says so, and nothing else.
    await expect(
      page.getByRole('heading', { level: 1, name: 'Ditt konto väntar på godkännande' }),
    ).toBeVisible();
    await expect(page.getByTestId('role-waiting')).toContainText(`rollen Utredare åt dig, ${name}`);
    await expect(page.getByRole('navigation', { name: 'Huvudmeny' })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshot(page, 'role-waiting', 390);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await expect(page).toHaveURL(/\/login$/);

    // The link works once.
    await page.goto(link);
    await page.getByLabel('Nytt lösenord').fill('ett annat långt lösenord');
    await page.getByLabel('Skriv lösenordet igen').fill('ett annat långt lösenord');
    await page.getByRole('button', { name: 'Spara lösenord' }).click();
    await expect(page.getByTestId('link-gone')).toContainText('Be din administratör om en ny inbjudan.');
  });

  for (const language of ['sv', 'en'] as Language[]) {
    test(`forgot password, the reset mail's link, a new password; axe-clean (${language})`, async ({
      page,
      request,
    }) => {
      const email = `glomsk.${language}.${Date.now().toString(36)}@example.org`;
      await requesterWithPassword(request, email, 'the first long password');
      const words =
        language === 'sv'
          ? {
              forgot: 'Glömt lösenordet?',
              send: 'Skicka länk',
              title: 'Välj nytt lösenord',
              save: 'Spara nytt lösenord',
              next: 'Nytt lösenord',
              again: 'Skriv lösenordet igen',
            }
          : {
              forgot: 'Forgot your password?',
              send: 'Send link',
              title: 'Choose a new password',
              save: 'Save new password',
              next: 'New password',
              again: 'Type the password again',
            };

      await page.goto('/login');
      if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('link', { name: words.forgot }).click();
      await expect(page).toHaveURL(/\/forgot-password$/);
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: words.send }).click();
      await expect(page.getByTestId('error-summary')).toBeVisible();
      await expectNoAxeViolations(page);
      await page.locator('#forgot-email').fill(email);
      await page.getByRole('button', { name: words.send }).click();
      await expect(page.getByTestId('reset-asked')).toBeVisible();
      await expectNoAxeViolations(page);

      const link = linkIn(await mailTo(email));
      expect(link).toMatch(/\/reset-password#token=[A-Za-z0-9_-]{43}$/);
      await page.goto(link);
      await expect(page.getByRole('heading', { level: 1, name: words.title })).toBeVisible();
      await expect(page).toHaveURL(/\/reset-password$/);
      await expectNoAxeViolations(page);
      await page.getByLabel(words.next, { exact: true }).fill('the second long password');
      await page.getByLabel(words.again).fill('the second long password');
      await page.getByRole('button', { name: words.save }).click();
      await expect(page.getByTestId('password-set')).toBeVisible();
      await expectNoAxeViolations(page);

      // Used once: the same link now says so (and offers a new one). From elsewhere: a link to the
      // page one is on would only change the fragment, not load the page again.
      await page.goto('/login');
      await page.goto(link);
      await page.getByLabel(words.next, { exact: true }).fill('a third long password');
      await page.getByLabel(words.again).fill('a third long password');
      await page.getByRole('button', { name: words.save }).click();
      await expect(page.getByTestId('link-gone')).toBeVisible();
      await expectNoAxeViolations(page);
      const login = await request.post('/api/v1/auth/login', {
        data: { email, password: 'the second long password' },
      });
      expect(login.status()).toBe(200);
    });
  }
});
