import { MigrationInterface, QueryRunner } from 'typeorm';

const CONSULTATION_TYPES = `'consultation.critical', 'consultation.assigned', 'consultation.sla_warning', 'consultation.sla_breached', 'message.created'`;
const ACCOUNT_TYPES = `'account.staff_role_granted', 'account.staff_password_set'`;

/**
 * Identity hardening (issue 11).
 *
 * - One normal form of an email address (libs/identity/src/accounts/email-key.ts) in the unique
 *   index as in lookups and throttle keys: NFKC, then Unicode's locale-free lower case (ICU root),
 *   then `i` + combining dot above (the lower case of `İ`) as `i`. Before, uniqueness went through
 *   `lower(email)` under the database's libc collation while the login throttle lowercased in
 *   JavaScript, so `İ` for `i` reached the same account under a separate failure counter, and
 *   full-width variants were separate accounts. Refuses to run (naming the user ids) when two
 *   existing accounts collide under the new form: change one email of each group first.
 * - `refresh_tokens.spent_by`: a hash of the client (IP and User-Agent) that spent the token, so the
 *   same client presenting it again within REFRESH_REUSE_WINDOW_SECONDS (two tabs refreshing at once)
 *   is told apart from a reuse.
 * - Notifications about accounts (supervisors are told when an account gets a staff role or a staff
 *   account's password is set by someone else): `subject_user_id` names the account; they have no
 *   consultation, so `consultation_id` and `reference` may be null for them (and only for them).
 */
export class IdentityHardening1764300000930 implements MigrationInterface {
  name = 'IdentityHardening1764300000930';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION email_key(email text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN replace(lower(normalize(email, NFKC) COLLATE "und-x-icu"), 'i' || U&'\\0307', 'i')`);
    const collisions: { ids: string[] }[] = await q.query(
      `SELECT array_agg(id ORDER BY created_at) AS ids FROM users GROUP BY email_key(email) HAVING count(*) > 1`,
    );
    if (collisions.length > 0) {
      throw new Error(
        `accounts whose emails are equal once normalised (change one email of each group, then migrate again): ${collisions
          .map((c) => c.ids.join(' = '))
          .join('; ')}`,
      );
    }
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email_key(email))`);
    await q.query(`DROP INDEX users_email_lower_key`);

    await q.query(`ALTER TABLE refresh_tokens ADD COLUMN spent_by bytea`);

    await q.query(`ALTER TABLE notifications ADD COLUMN subject_user_id uuid REFERENCES users (id)`);
    await q.query(
      `ALTER TABLE notifications ALTER COLUMN consultation_id DROP NOT NULL, ALTER COLUMN reference DROP NOT NULL`,
    );
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_type_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_type_check CHECK (type IN (${CONSULTATION_TYPES}, ${ACCOUNT_TYPES}))`,
    );
    await q.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check CHECK (
        CASE WHEN type IN (${ACCOUNT_TYPES}) THEN subject_user_id IS NOT NULL
             ELSE consultation_id IS NOT NULL AND reference IS NOT NULL END)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE type IN (${ACCOUNT_TYPES})`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_type_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_type_check CHECK (type IN (${CONSULTATION_TYPES}))`,
    );
    await q.query(
      `ALTER TABLE notifications ALTER COLUMN consultation_id SET NOT NULL, ALTER COLUMN reference SET NOT NULL`,
    );
    await q.query(`ALTER TABLE notifications DROP COLUMN subject_user_id`);
    await q.query(`ALTER TABLE refresh_tokens DROP COLUMN spent_by`);
    await q.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);
    await q.query(`DROP INDEX users_email_key`);
    await q.query(`DROP FUNCTION email_key(text)`);
  }
}
