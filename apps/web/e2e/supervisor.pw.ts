import { readFileSync } from 'node:fs';
import { apiLogin, bearer, fileRequest } from './support/api';
import {
  expect,
  expectNoAxeViolations,
  hasHorizontalScroll,
  loginAs,
  screenshot,
  test,
  type Language,
} from './support/test';

const LOADING = /^(Laddar|Loading) …$/;

/** Issue 12, the supervisor's journey: a case's access log, the chain verified, a CSV export. */
test('supervisor: finds a case and its access log, verifies the chain, exports CSV', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const filed = await fileRequest(request, false);
  await loginAs(page, 'supervisor');
  await page.goto('/queue');
  await page.getByRole('link', { name: `Öppna ${filed.reference}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Förfrågan ${filed.reference}` })).toBeFocused();
  await expect(page.getByTestId('case-summary')).toHaveText(filed.summary);
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Visa vem som har sett ärendet' }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${filed.id}/access-log$`));
  await expect(
    page.getByRole('heading', { level: 1, name: `Åtkomstlogg för ${filed.reference}` }),
  ).toBeFocused();
  const events = page.getByTestId('audit-event');
  await expect(events.filter({ hasText: 'consultation.read' }).first()).toBeVisible();
  await expect(events.filter({ hasText: 'consultation.create' })).toHaveCount(1);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await hasHorizontalScroll(page)).toBe(false);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Granskningslogg' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Granskningslogg' })).toBeFocused();
  await page.getByRole('button', { name: 'Kontrollera kedjan' }).click();
  await expect(page.getByTestId('verify-result')).toHaveText(/^Kedjan är hel: \d+ händelser kontrollerade/);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Ladda ner CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('audit-events.csv');
  const csv = readFileSync(await file.path(), 'utf8');
  expect(csv.startsWith('record_type,id,seq,occurred_at,actor_id,actor_role,action')).toBe(true);
  await expect(page.getByText('Filen audit-events.csv är nedladdad.')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('supervisor: the audit trail filters by every field and pages with "show more"', async ({
  page,
  request,
}) => {
  const filed = await fileRequest(request, false);
  // 55 reads of the request: more than one page (50) of events about it.
  const supervisor = await apiLogin(request, 'supervisor');
  for (let batch = 0; batch < 5; batch += 1) {
    const reads = Array.from({ length: 11 }, () =>
      request.get(`/api/v1/consultations/${filed.id}`, { headers: bearer(supervisor.token) }),
    );
    for (const answer of await Promise.all(reads)) expect(answer.status()).toBe(200);
  }
  await loginAs(page, 'supervisor', 'en');
  await page.goto('/audit');
  const rows = page.getByTestId('audit-event');
  await expect(rows.first()).toBeVisible();

  await page.getByLabel('Resource id').fill(filed.id);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/resourceId=/);
  await expect(rows).toHaveCount(50);
  await page.getByRole('button', { name: 'Show more' }).click();
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(56);
  await expect(page.getByRole('button', { name: 'Show more' })).toHaveCount(0);

  await page.getByLabel('Action', { exact: true }).fill('consultation.create');
  await page.getByLabel('Outcome').selectOption('success');
  await page.getByLabel('Resource type').fill('consultation');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('consultation.create');

  await page.getByLabel('User id').fill('not-an-id');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByTestId('error-summary')).toContainText('Give a valid id (UUID).');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Clear the filters' }).click();
  await expect(page).not.toHaveURL(/resourceId=/);
  await expect.poll(() => rows.count()).toBeGreaterThan(1);
});

test('supervisor: assigns a request by choosing an investigator by name', async ({ page, request }) => {
  const filed = await fileRequest(request, false);
  const investigator = await apiLogin(request, 'investigator');
  await loginAs(page, 'supervisor');
  await page.goto(`/cases/${filed.id}`);
  await page.getByTestId('assign').locator('summary').click();
  const choice = page.getByLabel('Utredare', { exact: true });
  await expect(choice).toBeVisible();
  await page.getByRole('button', { name: 'Tilldela', exact: true }).click();
  await expect(page.getByTestId('error-summary')).toContainText('Välj en utredare.');
  await expectNoAxeViolations(page);
  // The option names the person, their duty and load; its value is their id.
  const option = choice.locator('option', { hasText: 'Demo investigator' });
  await expect(option).toHaveText(/^Demo investigator \((i tjänst|inte i tjänst), (1 öppet ärende|\d+ öppna ärenden)\)$/);
  expect(await option.getAttribute('value')).toBe(investigator.userId);
  await choice.selectOption({ label: (await option.textContent()) ?? '' });
  await page.getByRole('button', { name: 'Tilldela', exact: true }).click();
  await expect(page.getByText('Ärendet är tilldelat.')).toBeVisible();
  await expect(page.getByTestId('case-assignee')).toHaveText(investigator.userId);
  await expect(page.getByTestId('case-status')).toHaveText('Tilldelad');
  const check = await request.get(`/api/v1/consultations/${filed.id}`, {
    headers: bearer(investigator.token),
  });
  expect(((await check.json()) as { assigneeId: string }).assigneeId).toBe(investigator.userId);
});

for (const language of ['sv', 'en'] as Language[]) {
  test(`supervisor pages: no axe violations, reflow at 320 px (${language})`, async ({ page, request }) => {
    test.setTimeout(90_000);
    await fileRequest(request, true);
    await loginAs(page, 'supervisor', language);
    for (const path of [
      '/dashboard',
      '/audit',
      '/audit/access-report',
      '/queue',
      '/cases',
      '/notifications',
    ]) {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      await expect(page.getByLabel(LOADING)).toHaveCount(0);
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await hasHorizontalScroll(page), path).toBe(false);
      if (language === 'sv' && path === '/dashboard') {
        await expect(page.getByTestId('by-priority')).toContainText('Akut');
        await screenshot(page, 'supervisor-dashboard', 1280);
        await screenshot(page, 'supervisor-dashboard', 390);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
}
