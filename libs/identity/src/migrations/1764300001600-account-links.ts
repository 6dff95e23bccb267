import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations and password resets (docs/accounts.md "Invitations and password resets").
 * - `users.password_hash` may be NULL: an invited account, which sets its own password through the
 *   link in its invitation and cannot log in until then (its status is `invited`).
 * - `account_links`: one row per one-time link sent by email. It holds the SHA-256 of the link's
 *   token, never the token: the token is an HMAC of the row's id under a key derived from
 *   JWT_SECRET, so the worker can put it into the mail without any table, outbox row or job
 *   carrying it. A link is spent once (`used_at`), ends at `expires_at`, and is `revoked_at` when a
 *   newer link of the same purpose replaces it. Deleted with its user.
 * - `mail_deliveries.account_link_id`: the delivery of a link's mail (one per link); a delivery
 *   has either a notification or a link.
 */
export class AccountLinks1764300001600 implements MigrationInterface {
  name = 'AccountLinks1764300001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`);
    await q.query(`
      CREATE TABLE account_links (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX account_links_open_idx ON account_links (user_id, purpose) WHERE used_at IS NULL AND revoked_at IS NULL`,
    );
    await q.query(
      `ALTER TABLE mail_deliveries ADD COLUMN account_link_id uuid UNIQUE REFERENCES account_links (id) ON DELETE CASCADE`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_deliveries DROP COLUMN account_link_id`);
    await q.query(`DROP TABLE account_links`);
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL`);
  }
}
