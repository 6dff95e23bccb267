import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email (docs/mail.md).
 * - `users.locale`: the language of a user's mails (`sv` by default, or `en`).
 * - `notification_preferences`: which kinds of event a user wants by email; no row means every kind.
 * - `mail_deliveries`: one row per mail ever to be sent, written in the transaction of the
 *   notification it tells about (unique per notification, and a notification has one recipient),
 *   then claimed, sent and marked by the worker. It holds the kind of event, the request's id and
 *   reference, and SMTP status codes: never case text, never an address. Deleting a notification
 *   (the retention purge) deletes its delivery row. The partial index serves the statistics, which
 *   count every delivery not sent (waiting, refused, abandoned, skipped) without reading sent ones.
 */
export class Email1764300001270 implements MigrationInterface {
  name = 'Email1764300001270';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'sv' CHECK (locale IN ('sv', 'en'))`,
    );
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users (id),
        email_new_critical boolean NOT NULL DEFAULT true,
        email_assigned boolean NOT NULL DEFAULT true,
        email_sla_breach boolean NOT NULL DEFAULT true,
        email_message boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE mail_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid UNIQUE REFERENCES notifications (id) ON DELETE CASCADE,
        recipient_id uuid NOT NULL REFERENCES users (id),
        kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
        consultation_id uuid,
        reference text,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sending', 'sent', 'refused', 'abandoned', 'skipped')),
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        last_error text CHECK (length(last_error) <= 100),
        smtp_code integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX mail_deliveries_unsent_idx ON mail_deliveries (status) WHERE status <> 'sent'`,
    );
    await q.query(`CREATE INDEX mail_deliveries_recipient_idx ON mail_deliveries (recipient_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_deliveries`);
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`ALTER TABLE users DROP COLUMN locale`);
  }
}
