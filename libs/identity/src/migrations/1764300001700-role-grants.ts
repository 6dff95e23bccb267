import { MigrationInterface, QueryRunner } from 'typeorm';

/** The notification types this migration adds (supervisors are told of every step of a grant). */
const GRANT_TYPES = ['account.role_grant_requested', 'account.role_grant_rejected'];

/**
 * Two-person staff-role grants (issue 14, docs/accounts.md "Role grants").
 * - `users.role` may be NULL: an account created for a staff role has no role (and no access but
 *   its own session) until a supervisor approves the grant.
 * - `role_grants`: an admin's request to give an account `investigator` or `supervisor`; at most
 *   one pending per account (partial unique index). Decided grants stay as the record.
 * - `supervisor_first_seen`: one row, written the first time any account holds `supervisor`, by
 *   the first-supervisor path itself or by a trigger on `users` (seed, bootstrap, SQL fixtures), so
 *   "a supervisor has ever existed" survives that supervisor's deactivation or demotion. The app
 *   may read and insert it, never change or delete it.
 * - Notifications: the new `account.*` types. The type check is extended from its current
 *   definition (whatever other migrations added stays), and every `account.*` type needs the
 *   account it is about (`subject_user_id`) instead of a request.
 */
export class RoleGrants1764300001700 implements MigrationInterface {
  name = 'RoleGrants1764300001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ALTER COLUMN role DROP NOT NULL`);
    await q.query(`
      CREATE TABLE role_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('investigator', 'supervisor')),
        previous_role text CHECK (previous_role IN ('requester', 'investigator', 'supervisor', 'admin')),
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn', 'superseded')),
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        reason text CHECK (length(reason) BETWEEN 1 AND 500),
        CONSTRAINT role_grants_decided CHECK ((status = 'pending') = (decided_at IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX role_grants_one_pending ON role_grants (user_id) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX role_grants_page_idx ON role_grants (status, requested_at, id)`);
    await q.query(`CREATE INDEX role_grants_user_idx ON role_grants (user_id)`);
    await q.query(`REVOKE DELETE ON role_grants FROM consult_app`);

    await q.query(`
      CREATE TABLE supervisor_first_seen (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`REVOKE UPDATE, DELETE ON supervisor_first_seen FROM consult_app`);
    await q.query(`
      INSERT INTO supervisor_first_seen (user_id, seen_at)
      SELECT id, created_at FROM users WHERE role = 'supervisor' ORDER BY created_at LIMIT 1`);
    await q.query(`
      CREATE FUNCTION note_first_supervisor() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO supervisor_first_seen (user_id) VALUES (NEW.id) ON CONFLICT (singleton) DO NOTHING;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_note_first_supervisor AFTER INSERT OR UPDATE OF role ON users
      FOR EACH ROW WHEN (NEW.role = 'supervisor') EXECUTE FUNCTION note_first_supervisor()`);

    const types = await this.notificationTypes(q);
    await this.setNotificationChecks(q, [...types.filter((t) => !GRANT_TYPES.includes(t)), ...GRANT_TYPES]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE type = ANY($1)`, [GRANT_TYPES]);
    const types = await this.notificationTypes(q);
    await this.setNotificationChecks(
      q,
      types.filter((t) => !GRANT_TYPES.includes(t)),
    );
    await q.query(`DROP TRIGGER users_note_first_supervisor ON users`);
    await q.query(`DROP FUNCTION note_first_supervisor()`);
    await q.query(`DROP TABLE supervisor_first_seen`);
    await q.query(`DROP TABLE role_grants`);
    await q.query(`ALTER TABLE users ALTER COLUMN role SET NOT NULL`);
  }

  /** The types the current `notifications_type_check` allows (from its definition). */
  private async notificationTypes(q: QueryRunner): Promise<string[]> {
    const rows: { definition: string }[] = await q.query(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = 'notifications_type_check'`,
    );
    return [...rows[0].definition.matchAll(/'([a-z_.]+)'/g)].map((m) => m[1]);
  }

  private async setNotificationChecks(q: QueryRunner, types: string[]): Promise<void> {
    const list = types.map((t) => `'${t}'`).join(', ');
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_type_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_type_check CHECK (type IN (${list}))`,
    );
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check`);
    await q.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check CHECK (
        CASE WHEN type LIKE 'account.%' THEN subject_user_id IS NOT NULL
             ELSE consultation_id IS NOT NULL AND reference IS NOT NULL END)`);
  }
}
