import type { APIRequestContext } from '@playwright/test';
import { apiLogin, bearer, type Filed, fileRequest } from './support/api';
import { endedDaysAgo, runRetention } from './support/database';
import {
  expect,
  expectNoAxeViolations,
  hasHorizontalScroll,
  loginAs,
  screenshot,
  test,
} from './support/test';

/** Issue 15's screens (docs/retention.md): legal hold on a case, upcoming purges, tombstones. */

/** A request filed, worked and closed with an outcome by the demo investigator, through the API. */
async function closedRequest(request: APIRequestContext): Promise<Filed> {
  const filed = await fileRequest(request, false);
  const { token } = await apiLogin(request, 'investigator');
  const url = `/api/v1/consultations/${filed.id}`;
  expect((await request.post(`${url}/claim`, { headers: bearer(token) })).status()).toBe(200);
  for (const data of [{ to: 'in_progress' }, { to: 'closed', outcome: 'advice_given' }]) {
    const moved = await request.post(`${url}/transitions`, { headers: bearer(token), data });
    expect(moved.status(), `move to ${data.to}`).toBe(200);
  }
  return filed;
}

async function placeHold(request: APIRequestContext, id: string, reason: string): Promise<void> {
  const { token } = await apiLogin(request, 'supervisor');
  const answer = await request.post(`/api/v1/consultations/${id}/legal-hold`, {
    headers: bearer(token),
    data: { reason },
  });
  expect(answer.status(), 'place a legal hold').toBe(200);
}

test('supervisor: places a legal hold with a reason and releases it after confirming', async ({
  page,
  request,
}) => {
  const filed = await closedRequest(request);
  await loginAs(page, 'supervisor');
  await page.goto(`/cases/${filed.id}`);
  const section = page.getByTestId('legal-hold');
  await expect(section.getByRole('heading', { name: 'Spärr mot gallring' })).toBeVisible();
  await expect(section).toContainText('Ärendet har ingen spärr.');

  // The reason is required.
  await section.getByRole('button', { name: 'Spärra mot gallring' }).click();
  await expect(page.getByTestId('error-summary')).toContainText(
    'Skriv skälet till spärren (minst 3 tecken).',
  );
  await expectNoAxeViolations(page);

  const reason = 'Pågående mål T 1234-26 i tingsrätten.';
  await page.getByLabel('Skäl till spärren').fill(reason);
  await section.getByRole('button', { name: 'Spärra mot gallring' }).click();
  await expect(page.getByTestId('legal-hold-done')).toHaveText('Ärendet är nu spärrat mot gallring.');
  await expect(page.getByTestId('legal-hold-tag')).toHaveText('Spärrat mot gallring');
  await expect(page.getByTestId('legal-hold-reason')).toHaveText(reason);
  await expect(page.getByTestId('legal-hold-by')).toHaveText('du');
  await expect(page.getByTestId('legal-hold-facts')).toContainText(/Sedan\s*\d{4}-\d\d-\d\d/);
  await expect(section.getByRole('heading', { name: 'Spärr mot gallring' })).toBeFocused();
  await expectNoAxeViolations(page);

  // The hold stands on the server too.
  const { token } = await apiLogin(request, 'supervisor');
  const held = await request.get(`/api/v1/consultations/${filed.id}`, { headers: bearer(token) });
  expect(((await held.json()) as { legalHold: { reason: string } }).legalHold.reason).toBe(reason);

  // Releasing asks first; cancelling keeps the hold.
  await section.getByRole('button', { name: 'Ta bort spärren' }).click();
  const confirm = page.getByTestId('legal-hold-confirm');
  await expect(confirm.getByRole('heading', { name: 'Vill du ta bort spärren?' })).toBeFocused();
  await expectNoAxeViolations(page);
  await confirm.getByRole('button', { name: 'Avbryt' }).click();
  await expect(section.getByRole('button', { name: 'Ta bort spärren' })).toBeFocused();
  await expect(page.getByTestId('legal-hold-tag')).toBeVisible();

  await section.getByRole('button', { name: 'Ta bort spärren' }).click();
  await confirm.getByRole('button', { name: 'Ja, ta bort spärren' }).click();
  await expect(page.getByTestId('legal-hold-done')).toHaveText('Spärren är borttagen.');
  await expect(page.getByTestId('legal-hold-tag')).toHaveCount(0);
  await expect(section.getByRole('button', { name: 'Spärra mot gallring' })).toBeVisible();
  const released = await request.get(`/api/v1/consultations/${filed.id}`, { headers: bearer(token) });
  expect(((await released.json()) as { legalHold: unknown }).legalHold).toBeNull();
});

test('investigator: sees a legal hold on a case but no controls for it', async ({ page, request }) => {
  const filed = await closedRequest(request);
  await placeHold(request, filed.id, 'Requested by the supervisory authority.');
  await loginAs(page, 'investigator', 'en');
  await page.goto(`/cases/${filed.id}`);
  const section = page.getByTestId('legal-hold');
  await expect(page.getByTestId('legal-hold-tag')).toHaveText('Under legal hold');
  await expect(page.getByTestId('legal-hold-reason')).toHaveText('Requested by the supervisory authority.');
  await expect(section.getByRole('button')).toHaveCount(0);
  await expect(page.getByLabel('Reason for the hold')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('supervisor: the upcoming purges list a request due soon and a held one, in both languages', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const due = await closedRequest(request);
  const held = await closedRequest(request);
  const later = await closedRequest(request);
  // Held first, then moved far past its time: never due without a hold, so no purge takes it.
  await placeHold(request, held.id, 'Kept for an appeal.');
  await endedDaysAgo(held.id, 2000);
  await endedDaysAgo(due.id, 725); // RETENTION_CLOSED_DAYS is 730: purged in 5 days
  await endedDaysAgo(later.id, 680); // in 50 days

  await loginAs(page, 'supervisor');
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Gallring' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kommande gallring' })).toBeFocused();
  await expect(page.getByLabel('Visa de som gallras inom')).toHaveValue('30');
  const rows = page.getByTestId('retention-row');
  const dueRow = rows.filter({ hasText: due.reference });
  await expect(dueRow).toContainText('om 5 dagar');
  await expect(dueRow).toHaveAttribute('data-held', 'false');
  await expect(dueRow).toContainText('Avslutad');
  const heldRow = rows.filter({ hasText: held.reference });
  await expect(heldRow).toHaveAttribute('data-held', 'true');
  await expect(heldRow.getByTestId('retention-held')).toHaveText(/^Spärrad sedan \d{4}-\d\d-\d\d/);
  await expect(heldRow).toContainText('Inte så länge spärren finns');
  await expect(rows.filter({ hasText: later.reference })).toHaveCount(0);
  // No case text on the list.
  await expect(page.getByTestId('retention-upcoming')).not.toContainText(due.summary);
  await expectNoAxeViolations(page);

  // A wider window, kept in the address, brings the later one.
  await page.getByLabel('Visa de som gallras inom').selectOption('90');
  await expect(page).toHaveURL(/\/retention\?days=90$/);
  await expect(rows.filter({ hasText: later.reference })).toContainText('om 50 dagar');
  await page.getByLabel('Visa de som gallras inom').selectOption('30');
  await expect(rows.filter({ hasText: later.reference })).toHaveCount(0);

  await screenshot(page, 'retention-upcoming', 1280);
  await screenshot(page, 'retention-upcoming', 390);
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await hasHorizontalScroll(page)).toBe(false);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Upcoming purges' })).toBeVisible();
  await expect(dueRow).toContainText('in 5 days');
  await expect(heldRow.getByTestId('retention-held')).toHaveText(/^Held since /);
  await expectNoAxeViolations(page);

  // Each row opens its case, where the hold is managed.
  await dueRow.getByRole('link', { name: due.reference }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${due.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Request ${due.reference}` })).toBeFocused();
});

test('a purged request shows its tombstone to staff and to the requester who filed it', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const purged = await closedRequest(request);
  await endedDaysAgo(purged.id, 731);
  expect(await runRetention()).toMatch(/^purged [1-9]\d* request\(s\)/);

  await loginAs(page, 'supervisor');
  await page.goto(`/cases/${purged.id}`);
  await expect(
    page.getByRole('heading', { level: 1, name: `Förfrågan ${purged.reference} (gallrad)` }),
  ).toBeFocused();
  const tombstone = page.getByTestId('purged-request');
  await expect(tombstone).toContainText('Förfrågans innehåll togs bort');
  await expect(tombstone).toContainText('enligt reglerna för gallring');
  const facts = page.getByTestId('purged-facts');
  await expect(facts).toContainText(purged.reference);
  await expect(facts).toContainText('Avslutad');
  await expect(facts).toContainText('Råd har getts');
  await expect(page.getByTestId('purged-at').locator('time')).toHaveAttribute('datetime', /^\d{4}-/);
  await expect(page.locator('main')).not.toContainText(purged.summary);
  // Its access log stays.
  await expect(page.getByRole('link', { name: 'Visa vem som har sett ärendet' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: `Request ${purged.reference} (purged)` }),
  ).toBeVisible();
  await expect(tombstone).toContainText('was removed on');
  await expect(facts).toContainText('Advice given');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Log out' }).click();

  await loginAs(page, 'requester', 'en');
  await page.goto(`/requests/${purged.id}`);
  await expect(
    page.getByRole('heading', { level: 1, name: `Request ${purged.reference} (purged)` }),
  ).toBeFocused();
  await expect(page.getByTestId('purged-facts')).toContainText('Closed');
  await expect(page.getByTestId('purged-request')).toContainText('under the retention rules');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Svenska' }).click();
  await expect(page.getByTestId('purged-request')).toContainText('enligt reglerna för gallring');
  await expectNoAxeViolations(page);
});
