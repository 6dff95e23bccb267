import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines that change, and requests scored late (docs/triage.md):
 * - `sla_escalations` is keyed by the deadline too: a priority override gives a request a new
 *   `slaDueAt`, and the warning and breach rounds of the new deadline must fire even when those of
 *   the old one already did (round 1 of each deadline is its own firing).
 * - `consultations_unscored_idx`: requests the worker has not scored yet (`risk_score IS NULL`),
 *   whatever their status (a request claimed before the worker saw it is still scored). The
 *   sweeper looks for old ones every minute; the partial index holds only the few rows in flight.
 */
export class TriageRescoring1764300000600 implements MigrationInterface {
  name = 'TriageRescoring1764300000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sla_escalations DROP CONSTRAINT sla_escalations_pkey`);
    await q.query(`ALTER TABLE sla_escalations ADD PRIMARY KEY (consultation_id, kind, due_at, round)`);
    await q.query(
      `CREATE INDEX consultations_unscored_idx ON consultations (created_at, id) WHERE risk_score IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX consultations_unscored_idx`);
    await q.query(`ALTER TABLE sla_escalations DROP CONSTRAINT sla_escalations_pkey`);
    await q.query(`ALTER TABLE sla_escalations ADD PRIMARY KEY (consultation_id, kind, round)`);
  }
}
