import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (docs/retention.md):
 * - `consultation_keys`: each request's own data key, wrapped by a key of ENCRYPTION_KEYS
 *   (envelope encryption). Values written before this migration stay readable (v1) until
 *   `npm run keys:rotate` moves them to their request's key.
 * - Every table that points to a request deletes its rows with it (ON DELETE CASCADE), so a purge
 *   cannot leave a message, note, status change, idempotency key, notification, escalation or key
 *   behind; a future table that points to consultations without CASCADE makes purges fail loudly
 *   (tested) instead of silently keeping text.
 * - Legal hold columns; `closed_at` now marks the end of a withdrawn request too (backfilled from
 *   the status history, else the last update).
 * - `consultation_tombstones`: what stays of a purged request, for statistics and the 410.
 */
export class Retention1764300001000 implements MigrationInterface {
  name = 'Retention1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consultation_keys (
        consultation_id uuid PRIMARY KEY REFERENCES consultations (id) ON DELETE CASCADE,
        wrapped_key text NOT NULL,
        wrapping_key_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX consultation_keys_wrapping_idx ON consultation_keys (wrapping_key_id, consultation_id)`,
    );

    const cascade: [table: string, constraint: string, deferrable: boolean][] = [
      ['consultation_messages', 'consultation_messages_consultation_id_fkey', false],
      ['consultation_status_changes', 'consultation_status_changes_consultation_id_fkey', false],
      ['consultation_idempotency_keys', 'consultation_idempotency_keys_consultation_id_fkey', true],
      ['notifications', 'notifications_consultation_id_fkey', false],
      ['sla_escalations', 'sla_escalations_consultation_id_fkey', false],
    ];
    for (const [table, constraint, deferrable] of cascade) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${constraint} FOREIGN KEY (consultation_id)
         REFERENCES consultations (id) ON DELETE CASCADE${deferrable ? ' DEFERRABLE INITIALLY DEFERRED' : ''}`,
      );
    }
    // A cascading delete looks these up by request.
    await q.query(`CREATE INDEX notifications_consultation_idx ON notifications (consultation_id)`);
    await q.query(
      `CREATE INDEX consultation_idempotency_keys_consultation_idx ON consultation_idempotency_keys (consultation_id)`,
    );

    await q.query(`
      ALTER TABLE consultations
        ADD COLUMN legal_hold_reason text,
        ADD COLUMN legal_hold_since timestamptz,
        ADD COLUMN legal_hold_by uuid REFERENCES users (id),
        ADD CONSTRAINT consultations_legal_hold_whole CHECK ((legal_hold_since IS NULL) = (legal_hold_reason IS NULL))`);
    await q.query(`
      UPDATE consultations c SET closed_at = COALESCE(
        (SELECT max(s.created_at) FROM consultation_status_changes s
          WHERE s.consultation_id = c.id AND s.to_status = c.status),
        c.updated_at)
      WHERE c.status IN ('closed', 'withdrawn') AND c.closed_at IS NULL`);
    // What the purge looks for: finished requests by end time, without a hold.
    await q.query(`
      CREATE INDEX consultations_retention_idx ON consultations (closed_at, id)
        WHERE status IN ('closed', 'withdrawn') AND legal_hold_since IS NULL`);

    await q.query(`
      CREATE TABLE consultation_tombstones (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('closed', 'withdrawn')),
        priority text,
        concern_types text[] NOT NULL,
        outcome text,
        requester_id uuid,
        first_assigned_at timestamptz,
        created_at timestamptz NOT NULL,
        closed_at timestamptz,
        purged_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await q.query(
      `CREATE INDEX consultation_tombstones_purged_idx ON consultation_tombstones (purged_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consultation_tombstones`);
    await q.query(`DROP INDEX consultations_retention_idx`);
    await q.query(`
      ALTER TABLE consultations DROP CONSTRAINT consultations_legal_hold_whole,
        DROP COLUMN legal_hold_by, DROP COLUMN legal_hold_since, DROP COLUMN legal_hold_reason`);
    await q.query(`DROP INDEX consultation_idempotency_keys_consultation_idx`);
    await q.query(`DROP INDEX notifications_consultation_idx`);
    await q.query(`DROP TABLE consultation_keys`);
  }
}
