import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a user needs to recognise and end their own logins (issue 14, api.md "Sessions"):
 * - `ip` and `user_agent` of the client that opened the login (the user agent cut to 512 characters);
 *   null for logins opened before this migration.
 * - `method`: how it was opened (a password alone, a password with a second factor, or single sign-on).
 * - `last_used_at`: when it was last used, kept to within a minute by the access guard
 *   (SessionsRepository.findState); with `created_at` it ends a login after SESSION_IDLE_MINUTES
 *   without use or SESSION_MAX_HOURS after it was opened. Existing logins count as used when opened.
 * The table's grants to consult_app cover the new columns.
 */
export class SessionDetails1764300001500 implements MigrationInterface {
  name = 'SessionDetails1764300001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE auth_sessions
        ADD COLUMN last_used_at timestamptz,
        ADD COLUMN ip text CHECK (length(ip) <= 64),
        ADD COLUMN user_agent text CHECK (length(user_agent) <= 512),
        ADD COLUMN method text NOT NULL DEFAULT 'password'
          CHECK (method IN ('password', 'password+totp', 'password+webauthn', 'password+recovery_code', 'oidc'))`);
    await q.query(`UPDATE auth_sessions SET last_used_at = created_at`);
    await q.query(
      `ALTER TABLE auth_sessions ALTER COLUMN last_used_at SET NOT NULL, ALTER COLUMN last_used_at SET DEFAULT now()`,
    );
    await q.query(`ALTER TABLE auth_sessions ALTER COLUMN method DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE auth_sessions DROP COLUMN method, DROP COLUMN user_agent, DROP COLUMN ip, DROP COLUMN last_used_at`,
    );
  }
}
