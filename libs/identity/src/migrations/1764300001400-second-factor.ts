import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The second factor (docs/api.md "Second factor", docs/accounts.md).
 * - `mfa_challenges`: the `mfaToken` step between the first factor (password, single sign-on) and a
 *   login. Only the SHA-256 of the token is stored; it is bound to its user and the user's token
 *   version, lives until `expires_at` (5 minutes), serves one login (`consumed_at`) and dies after
 *   5 wrong codes (`failed_attempts`). Kept in the database so a restart or crash loses none.
 * - `mfa_totp`: a user's authenticator-app secret (RFC 6238), as FieldCipher ciphertext under
 *   ENCRYPTION_KEYS bound to (mfa_totp, secret, user_id); `confirmed_at` null while enrolment is
 *   pending; `last_used_step` the last time step a code was accepted for (each code works once).
 * - `mfa_recovery_codes`: ten single-use codes per user, stored only as SHA-256 hashes.
 * - The notification type `account.mfa_reset` (supervisors are told when an admin removes a user's
 *   factors), added to whatever types the check allows now, so the order of migrations that add
 *   types does not matter; and every `account.*` type (this one and any later) names its account
 *   (`subject_user_id`) instead of a request.
 */
export class SecondFactor1764300001400 implements MigrationInterface {
  name = 'SecondFactor1764300001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mfa_challenges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('verify', 'enroll')),
        first_factor text NOT NULL CHECK (length(first_factor) BETWEEN 1 AND 40),
        token_version integer NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz
      )`);
    await q.query(`CREATE INDEX mfa_challenges_user_idx ON mfa_challenges (user_id)`);
    await q.query(`
      CREATE TABLE mfa_totp (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret text NOT NULL CHECK (length(secret) <= 500),
        confirmed_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE mfa_recovery_codes (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, code_hash)
      )`);
    await q.query(`
      DO $$
      DECLARE definition text;
      BEGIN
        SELECT pg_get_constraintdef(oid) INTO definition FROM pg_constraint
        WHERE conname = 'notifications_type_check' AND conrelid = 'notifications'::regclass;
        ALTER TABLE notifications DROP CONSTRAINT notifications_type_check;
        EXECUTE 'ALTER TABLE notifications ADD CONSTRAINT notifications_type_check '
          || replace(definition, 'ARRAY[', 'ARRAY[''account.mfa_reset''::text, ');
      END $$`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check`);
    await q.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check CHECK (
        CASE WHEN type LIKE 'account.%' THEN subject_user_id IS NOT NULL
             ELSE consultation_id IS NOT NULL AND reference IS NOT NULL END)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE type = 'account.mfa_reset'`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check`);
    await q.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check CHECK (
        CASE WHEN type IN ('account.staff_role_granted', 'account.staff_password_set') THEN subject_user_id IS NOT NULL
             ELSE consultation_id IS NOT NULL AND reference IS NOT NULL END)`);
    await q.query(`
      DO $$
      DECLARE definition text;
      BEGIN
        SELECT pg_get_constraintdef(oid) INTO definition FROM pg_constraint
        WHERE conname = 'notifications_type_check' AND conrelid = 'notifications'::regclass;
        ALTER TABLE notifications DROP CONSTRAINT notifications_type_check;
        EXECUTE 'ALTER TABLE notifications ADD CONSTRAINT notifications_type_check '
          || replace(definition, '''account.mfa_reset''::text, ', '');
      END $$`);
    await q.query(`DROP TABLE mfa_recovery_codes`);
    await q.query(`DROP TABLE mfa_totp`);
    await q.query(`DROP TABLE mfa_challenges`);
  }
}
