import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the triage sweeper needs to re-create SLA warnings and critical auto-assignments whose
 * delayed jobs were lost with Redis (issue 11):
 * - `sla_escalations` records an auto-assignment that ran (`kind` `auto_assign`, round 0), in the
 *   transaction of its effect, like warnings and breach rounds: a redelivered or re-created job
 *   finds the row and does nothing, and the sweeper knows which ones never ran.
 * - A partial index on the outbox rows of those two jobs by `run_at`, so the sweep finds the ones
 *   that should have run by now without reading the rest of the outbox.
 */
export class EscalationSweep1764300001250 implements MigrationInterface {
  name = 'EscalationSweep1764300001250';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sla_escalations DROP CONSTRAINT sla_escalations_kind_check`);
    await q.query(
      `ALTER TABLE sla_escalations ADD CONSTRAINT sla_escalations_kind_check CHECK (kind IN ('warning', 'breach', 'auto_assign'))`,
    );
    await q.query(
      `CREATE INDEX outbox_escalation_run_idx ON outbox (run_at)
       WHERE job_name IN ('consultation.sla_warning', 'consultation.auto_assign')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_escalation_run_idx`);
    await q.query(`DELETE FROM sla_escalations WHERE kind = 'auto_assign'`);
    await q.query(`ALTER TABLE sla_escalations DROP CONSTRAINT sla_escalations_kind_check`);
    await q.query(
      `ALTER TABLE sla_escalations ADD CONSTRAINT sla_escalations_kind_check CHECK (kind IN ('warning', 'breach'))`,
    );
  }
}
