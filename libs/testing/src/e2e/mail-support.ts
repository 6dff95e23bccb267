/** Helpers for the email suites: reading mail_deliveries and waiting for the SMTP sink. */
import type { E2eContext } from './e2e-context.types';
import type { SmtpSink } from './smtp-sink';
import { waitFor } from './triage-support';

export interface DeliveryRow {
  id: string;
  notification_id: string | null;
  recipient_id: string;
  kind: string;
  status: string;
  attempts: number;
  smtp_code: number | null;
  last_error: string | null;
}

export async function deliveries(ctx: E2eContext, consultationIds?: string[]): Promise<DeliveryRow[]> {
  const { rows } = await ctx.db.query<DeliveryRow>(
    `SELECT id, notification_id, recipient_id, kind, status, attempts, smtp_code, last_error FROM mail_deliveries
     WHERE $1::uuid[] IS NULL OR consultation_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [consultationIds ?? null],
  );
  return rows;
}

/** Waits until no delivery is pending or being sent (every one final). */
export async function allDeliveriesFinal(ctx: E2eContext, timeoutMs = 30_000): Promise<DeliveryRow[]> {
  return waitFor(
    async () => {
      const rows = await deliveries(ctx);
      return rows.every((r) => r.status !== 'pending' && r.status !== 'sending') ? rows : null;
    },
    timeoutMs,
    'every mail delivery to be final',
    100,
  );
}

/** Waits until the sink holds at least `count` mails, then a moment more to see that no further one comes. */
export async function receivedExactly(sink: SmtpSink, count: number, settleMs = 1500, timeoutMs = 30_000) {
  await waitFor(
    async () => sink.received.length >= count,
    timeoutMs,
    `${count} mails at the SMTP server`,
    50,
  );
  await new Promise((r) => setTimeout(r, settleMs));
  return sink.received;
}
