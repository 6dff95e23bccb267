import { bearer, apiLogin, fileRequest, marker } from './support/api';
import {
  expect,
  expectNoAxeViolations,
  hasHorizontalScroll,
  loginAs,
  screenshot,
  test,
  type Language,
} from './support/test';

/** Issue 12, the investigator's journey: queue without reload, claim, answer, note, close. */
test('investigator: a new critical request tops the queue without reload; claim, answer, note, close; the requester sees the answer and never the note', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  await loginAs(page, 'investigator');
  await expect(page).toHaveURL(/\/queue$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Inkommande förfrågningar' })).toBeFocused();
  await expect(page.getByTestId('queue-count')).toBeVisible();
  // A mark in the page's memory: gone if the page reloads.
  await page.evaluate(() => ((window as unknown as { e2eMark: number }).e2eMark = 1));

  const filed = await fileRequest(request, true);
  const item = page.locator(`[data-testid=queue-item][data-reference="${filed.reference}"]`);
  await expect(item.getByTestId('priority')).toHaveText(/Prioritet: Akut/, { timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { e2eMark?: number }).e2eMark)).toBe(1);
  // At the top: nothing above it is less than critical.
  const priorities = await page.getByTestId('queue-item').getByTestId('priority').allTextContents();
  const references = await page
    .getByTestId('queue-item')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-reference')));
  const position = references.indexOf(filed.reference);
  expect(priorities.slice(0, position + 1).every((p) => p.includes('Akut'))).toBe(true);
  await expect(item.getByTestId('deadline')).toHaveText(/Svara inom|Brådskande|Försenad/);
  await expect(item).toContainText('Akut fara');
  await expect(item).not.toContainText(filed.summary);
  await expectNoAxeViolations(page);

  await item.getByRole('button', { name: `Ta ${filed.reference}` }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${filed.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Förfrågan ${filed.reference}` })).toBeFocused();
  await expect(page.getByTestId('case-status')).toHaveText('Tilldelad');
  await expect(page.getByTestId('case-assignee')).toHaveText('du');
  await expect(page.getByTestId('case-summary')).toHaveText(filed.summary);
  await expect(page.getByTestId('case-risks')).toContainText('Någon är i akut fara');

  await page.getByRole('button', { name: 'Börja arbeta' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('Pågår');

  const answer = `Ring socialjouren i kväll och ta kontakt med skolkuratorn, svar ${marker()}.`;
  await page.getByLabel('Text', { exact: true }).fill(answer);
  await page.getByRole('button', { name: 'Skicka meddelandet' }).click();
  await expect(page.getByTestId('message-saved')).toHaveText('Meddelandet är skickat.');
  const message = page.getByTestId('message').filter({ hasText: answer });
  await expect(message).toContainText('Meddelande från Utredare');

  const note = `Intern bedömning: följ upp med arbetsledaren, anteckning ${marker()}.`;
  await page.getByRole('radio', { name: 'Intern anteckning (bara personalen ser den)' }).check();
  await page.getByLabel('Text', { exact: true }).fill(note);
  await page.getByRole('button', { name: 'Spara anteckningen' }).click();
  await expect(page.getByTestId('message-saved')).toHaveText('Anteckningen är sparad.');
  await expect(page.getByTestId('internal-note').filter({ hasText: note })).toContainText(
    'Intern anteckning från Utredare – visas aldrig för frågeställaren',
  );
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Avsluta', exact: true }).click();
  await page.getByRole('button', { name: 'Avsluta med detta utfall' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('Välj ett utfall.');
  await expectNoAxeViolations(page);
  await page.getByLabel('Utfall').selectOption('advice_given');
  await page.getByRole('button', { name: 'Avsluta med detta utfall' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('Avslutad');
  await expect(page.getByTestId('case-outcome')).toHaveText('Råd har getts');
  await expect(page.getByTestId('move-done')).toHaveText('Ärendet har nu status Avslutad.');
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await hasHorizontalScroll(page)).toBe(false);

  // The requester reads the answer and never the note (their own view through the API).
  const requester = await apiLogin(request, 'requester');
  const seen = await request.get(`/api/v1/consultations/${filed.id}/messages`, {
    headers: bearer(requester.token),
  });
  expect(seen.status()).toBe(200);
  const bodies = ((await seen.json()) as { items: { body: string }[] }).items.map((m) => m.body);
  expect(bodies).toContain(answer);
  expect(bodies.join('\n')).not.toContain(note);
});

test('investigator: a move based on an outdated page is refused as a sentence and the case reloads', async ({
  page,
  request,
}) => {
  const filed = await fileRequest(request, false);
  const investigator = await apiLogin(request, 'investigator');
  const claim = await request.post(`/api/v1/consultations/${filed.id}/claim`, {
    headers: bearer(investigator.token),
  });
  expect(claim.status()).toBe(200);
  await loginAs(page, 'investigator', 'en');
  // The link an email carries (/consultations/:id) opens the case page for staff.
  await page.goto(`/consultations/${filed.id}`);
  await expect(page).toHaveURL(new RegExp(`/cases/${filed.id}$`));
  await expect(page.getByTestId('case-status')).toHaveText('Assigned');
  // Meanwhile the case moves on elsewhere (another tab): the button on screen is now out of date.
  const moved = await request.post(`/api/v1/consultations/${filed.id}/transitions`, {
    headers: bearer(investigator.token),
    data: { to: 'in_progress' },
  });
  expect(moved.status()).toBe(200);
  await page.getByRole('button', { name: 'Start working' }).click();
  await expect(page.getByTestId('error-summary')).toContainText(
    'Someone else changed the request meanwhile. It is now up to date; try again.',
  );
  await expect(page.getByTestId('case-status')).toHaveText('In progress');
  await expect(page.getByRole('button', { name: 'Wait for the requester' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start working' })).toHaveCount(0);
});

test('investigator: the duty toggle shows the stored state; on duty, is suggested for and notified of a new critical request and marks it read', async ({
  page,
  request,
}) => {
  const investigator = await apiLogin(request, 'investigator');
  const setDuty = async (onDuty: boolean) => {
    const answer = await request.put('/api/v1/me/availability', {
      headers: bearer(investigator.token),
      data: { onDuty },
    });
    expect(answer.status()).toBe(200);
  };
  await setDuty(false);
  await loginAs(page, 'investigator');
  const duty = page.getByTestId('duty-status');
  await expect(duty).toHaveText('Du är inte i tjänst.');
  await expect(page.getByRole('button', { name: 'Jag är inte i tjänst' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Jag är i tjänst' }).click();
  await expect(duty).toHaveText('Du är i tjänst och får aviseringar om akuta förfrågningar.');
  // Read back from the server: a reload shows the same state.
  await page.reload();
  await expect(duty).toHaveText('Du är i tjänst och får aviseringar om akuta förfrågningar.');
  await expect(page.getByRole('button', { name: 'Jag är i tjänst' })).toHaveAttribute('aria-pressed', 'true');

  const filed = await fileRequest(request, true);
  // The only investigator on duty is the one triage suggests.
  const item = page.locator(`[data-testid=queue-item][data-reference="${filed.reference}"]`);
  await expect(item.getByTestId('suggested-assignee')).toHaveText('Demo investigator (du)', {
    timeout: 15_000,
  });
  await expectNoAxeViolations(page);
  await page.getByTestId('unread-notifications').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aviseringar' })).toBeFocused();
  const notification = page
    .getByTestId('notification')
    .filter({ hasText: `Ny akut förfrågan ${filed.reference}` });
  await expect(notification).toContainText('Oläst', { timeout: 15_000 });
  await expect(page.getByTestId('unread-notifications')).toHaveText(/[1-9]\d* oläst/);
  await expectNoAxeViolations(page);
  await notification
    .getByRole('button', { name: `Markera som läst: Ny akut förfrågan ${filed.reference}` })
    .click();
  await expect(notification).toContainText('Läst');
  await expect(notification).not.toContainText('Oläst');
  await setDuty(false);
});

for (const language of ['sv', 'en'] as Language[]) {
  test(`investigator pages: no axe violations, reflow at 320 px (${language})`, async ({ page, request }) => {
    test.setTimeout(90_000);
    await fileRequest(request, false);
    await fileRequest(request, true);
    await loginAs(page, 'investigator', language);
    await expect(page.getByTestId('queue-item').first()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    if (language === 'sv') {
      await screenshot(page, 'investigator-queue', 1280);
      await screenshot(page, 'investigator-queue', 390);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const path of ['/cases', '/notifications']) {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      await expect(page.getByLabel(/^(Laddar|Loading) …$/)).toHaveCount(0);
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await hasHorizontalScroll(page)).toBe(false);
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
}
