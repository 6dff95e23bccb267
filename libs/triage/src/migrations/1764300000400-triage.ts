import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Triage: investigators' duty, in-app notifications and the record of SLA escalations.
 *
 * - `investigator_availability`: one row per investigator who ever set their duty; no row means
 *   off duty. Assignment suggestions and critical-request notifications read the on-duty rows.
 * - `notifications`: what a user is told, naming the event and the request's reference, never case
 *   text. `dedupe_key` names the event that caused it (e.g. `sla_breached:<id>:2`), unique per
 *   recipient, so a redelivered job inserts nothing twice. Read newest first per recipient, keyset
 *   on (created_at, id), which the page index serves in that direction.
 * - `sla_escalations`: one row per warning and per breach round that fired; the primary key makes
 *   a redelivered escalation job a no-op, and the rows show how often a request was escalated.
 * - An index on `consultations.first_assigned_at` for the supervisors' time-to-claim statistics
 *   over a period (GET /stats/queue), which would otherwise scan every request.
 */
export class Triage1764300000400 implements MigrationInterface {
  name = 'Triage1764300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE investigator_availability (
        user_id uuid PRIMARY KEY REFERENCES users (id),
        on_duty boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX investigator_availability_on_duty_idx ON investigator_availability (user_id) WHERE on_duty`,
    );

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL REFERENCES users (id),
        type text NOT NULL CHECK (type IN
          ('consultation.critical', 'consultation.assigned', 'consultation.sla_warning', 'consultation.sla_breached',
           'message.created')),
        consultation_id uuid NOT NULL REFERENCES consultations (id),
        reference text NOT NULL,
        dedupe_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
        read_at timestamptz,
        CONSTRAINT notifications_once_per_event UNIQUE (recipient_id, dedupe_key)
      )`);
    await q.query(
      `CREATE INDEX notifications_page_idx ON notifications (recipient_id, created_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE sla_escalations (
        consultation_id uuid NOT NULL REFERENCES consultations (id),
        kind text NOT NULL CHECK (kind IN ('warning', 'breach')),
        round integer NOT NULL CHECK (round >= 0),
        due_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consultation_id, kind, round)
      )`);

    await q.query(
      `CREATE INDEX consultations_first_assigned_idx ON consultations (first_assigned_at) WHERE first_assigned_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX consultations_first_assigned_idx`);
    await q.query(`DROP TABLE sla_escalations`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE investigator_availability`);
  }
}
