import { Tx, Database } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { EmailPreference, PREFERENCE_COLUMNS } from '../preferences/email-preferences';

export const MAIL_DELIVERY_STATUSES = [
  'pending',
  'sending',
  'sent',
  'refused',
  'abandoned',
  'skipped',
] as const;
export type MailDeliveryStatus = (typeof MAIL_DELIVERY_STATUSES)[number];
/** Nothing more happens to a delivery in one of these. */
export type FinalStatus = Extract<MailDeliveryStatus, 'sent' | 'refused' | 'abandoned' | 'skipped'>;

/** A notification that may become a mail. */
export interface MailableNotification {
  notificationId: string;
  recipientId: string;
  consultationId: string;
  reference: string;
}

export interface MailDelivery {
  id: string;
  notificationId: string | null;
  /** The invitation or password-reset link this mail carries (account mails have no notification). */
  accountLinkId: string | null;
  recipientId: string;
  kind: string;
  consultationId: string | null;
  reference: string | null;
  attempts: number;
}

/**
 * - `claimed`: this worker may send it now (`resumed`: an earlier attempt died while sending, so
 *   that attempt may have reached the SMTP server).
 * - `busy`: another attempt holds a live claim. `done`: it is final. `gone`: no such delivery.
 */
export type Claim =
  | { outcome: 'claimed'; delivery: MailDelivery; resumed: boolean }
  | { outcome: 'busy' }
  | { outcome: 'done'; status: MailDeliveryStatus }
  | { outcome: 'gone' };

const DELIVERY_COLUMNS = `id, notification_id AS "notificationId", account_link_id AS "accountLinkId", recipient_id AS "recipientId", kind,
  consultation_id AS "consultationId", reference, attempts`;

/** mail_deliveries: one row per mail ever to be sent (docs/mail.md). Holds no case text and no address. */
@Injectable()
export class MailDeliveryRepository {
  constructor(private readonly db: Database) {}

  /**
   * A delivery per notification whose recipient has not turned `preference` off, in the caller's
   * transaction; a notification that already has one is skipped. Gives the new rows.
   */
  async insertForNotifications(
    tx: Tx,
    kind: string,
    preference: EmailPreference | null,
    notifications: readonly MailableNotification[],
  ): Promise<{ id: string; notificationId: string }[]> {
    if (notifications.length === 0) return [];
    const wanted = preference ? `COALESCE(p.${PREFERENCE_COLUMNS[preference]}, true)` : 'true';
    return (
      await tx.query(
        `INSERT INTO mail_deliveries (notification_id, recipient_id, kind, consultation_id, reference)
       SELECT n.notification_id, n.recipient_id, $1, n.consultation_id, n.reference
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[])
         AS n(notification_id, recipient_id, consultation_id, reference)
       LEFT JOIN notification_preferences p ON p.user_id = n.recipient_id
       WHERE ${wanted}
       ON CONFLICT (notification_id) DO NOTHING
       RETURNING id, notification_id AS "notificationId"`,
        [
          kind,
          notifications.map((n) => n.notificationId),
          notifications.map((n) => n.recipientId),
          notifications.map((n) => n.consultationId),
          notifications.map((n) => n.reference),
        ],
      )
    ).rows;
  }

  /**
   * The delivery of an account link's mail (one per link), in the caller's transaction; null when
   * the link has one already.
   */
  async insertForLink(
    tx: Tx,
    link: { accountLinkId: string; recipientId: string; kind: string },
  ): Promise<string | null> {
    const rows: { id: string }[] = (
      await tx.query(
        `INSERT INTO mail_deliveries (account_link_id, recipient_id, kind) VALUES ($1, $2, $3)
       ON CONFLICT (account_link_id) DO NOTHING
       RETURNING id`,
        [link.accountLinkId, link.recipientId, link.kind],
      )
    ).rows;
    return rows[0]?.id ?? null;
  }

  /**
   * Claims a delivery for one send: a pending one, or one whose last claim lapsed (its worker died
   * while sending). The claim lasts `leaseMs`; until then no other attempt may send it.
   */
  async claim(id: string, leaseMs: number): Promise<Claim> {
    return this.db.transaction(async (tx) => {
      const rows: { status: MailDeliveryStatus; lapsed: boolean }[] = (
        await tx.query(
          `SELECT status, lease_until IS NULL OR lease_until < now() AS lapsed
         FROM mail_deliveries WHERE id = $1 FOR UPDATE`,
          [id],
        )
      ).rows;
      if (rows.length === 0) return { outcome: 'gone' };
      const { status, lapsed } = rows[0];
      if (status !== 'pending' && status !== 'sending') return { outcome: 'done', status };
      if (status === 'sending' && !lapsed) return { outcome: 'busy' };
      const {
        rows: [claimed],
      } = await tx.query<MailDelivery>(
        `WITH claimed AS (
           UPDATE mail_deliveries
           SET status = 'sending', attempts = attempts + 1, lease_until = now() + make_interval(secs => $2::float8 / 1000),
               updated_at = now()
           WHERE id = $1
           RETURNING ${DELIVERY_COLUMNS}
         ) SELECT * FROM claimed`,
        [id, leaseMs],
      );
      return { outcome: 'claimed', delivery: claimed, resumed: status === 'sending' };
    });
  }

  /** The SMTP server accepted it. */
  async markSent(id: string): Promise<void> {
    await this.db.query(
      `UPDATE mail_deliveries SET status = 'sent', sent_at = now(), lease_until = NULL, updated_at = now(),
         last_error = NULL, smtp_code = NULL
       WHERE id = $1`,
      [id],
    );
  }

  /** A failure worth retrying: the claim is released, the error's code kept. */
  async release(id: string, error: { code: string; smtpCode: number | null }): Promise<void> {
    await this.db.query(
      `UPDATE mail_deliveries SET status = 'pending', lease_until = NULL, updated_at = now(), last_error = $2, smtp_code = $3
       WHERE id = $1 AND status = 'sending'`,
      [id, error.code.slice(0, 100), error.smtpCode],
    );
  }

  /** Nothing more will be tried (refused, abandoned or skipped), in the caller's transaction. */
  async finish(
    tx: Tx,
    id: string,
    status: Exclude<FinalStatus, 'sent'>,
    error: { code: string; smtpCode: number | null },
  ): Promise<void> {
    await tx.query(
      `UPDATE mail_deliveries SET status = $2, lease_until = NULL, updated_at = now(), last_error = $3, smtp_code = $4
       WHERE id = $1`,
      [id, status, error.code.slice(0, 100), error.smtpCode],
    );
  }

  /**
   * Unsent deliveries nobody has touched for `afterMinutes` (pending, or claimed by a worker whose
   * claim lapsed): their job was lost, failed for stalling, or waits in a long backoff. Each is
   * marked touched now, in the caller's transaction, so the next sweep leaves it to this one's job.
   */
  async takeStale(
    tx: Tx,
    afterMinutes: number,
    limit: number,
  ): Promise<{ id: string; notificationId: string | null }[]> {
    return (
      await tx.query(
        `WITH stale AS (
         SELECT id FROM mail_deliveries
         WHERE status IN ('pending', 'sending') AND updated_at < now() - make_interval(mins => $1)
           AND (lease_until IS NULL OR lease_until < now())
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), touched AS (
         UPDATE mail_deliveries d SET updated_at = now() FROM stale WHERE d.id = stale.id
         RETURNING d.id, d.notification_id AS "notificationId"
       ) SELECT * FROM touched`,
        [afterMinutes, limit],
      )
    ).rows;
  }

  /** How many deliveries are in each status but `sent` (served by mail_deliveries_unsent_idx; sent ones are not read). */
  async countUnsent(): Promise<Record<Exclude<MailDeliveryStatus, 'sent'>, number>> {
    const rows: { status: Exclude<MailDeliveryStatus, 'sent'>; count: number }[] = (
      await this.db.query(
        `SELECT status, count(*)::int AS count FROM mail_deliveries WHERE status <> 'sent' GROUP BY status`,
      )
    ).rows;
    const counts = Object.fromEntries(
      MAIL_DELIVERY_STATUSES.filter((s) => s !== 'sent').map((s) => [s, 0]),
    ) as Record<Exclude<MailDeliveryStatus, 'sent'>, number>;
    for (const row of rows) counts[row.status] = row.count;
    return counts;
  }
}
