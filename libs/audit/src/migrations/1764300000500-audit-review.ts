import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What reviewing the audit trail needs (docs/audit.md):
 * - `audit_chain_head.last_occurred_at`: the recorder stamps each event's time under the chain lock
 *   and never below the previous one, so `occurred_at` is non-decreasing in `seq` and a time range
 *   is a contiguous seq range, found with one probe of `audit_events_occurred_seq_idx`.
 * - One `(filter, seq)` index per filter of GET /audit-events, so the newest-first keyset page
 *   (`... AND seq < $cursor ORDER BY seq DESC LIMIT n`) is a backward range scan for each filter,
 *   first page and deep pages alike. `resource_id` ids are UUIDs, so `(resource_id, seq)` also serves
 *   resourceType+resourceId (the type is checked on the few rows found) and the consultation access log.
 *   Outcome is skewed (almost everything succeeds): a partial index holds only the rare outcomes;
 *   `success` pages walk the seq index and find matches at once.
 * - A partial index on the consultation lifecycle events (create, claim, assign, transition), which
 *   the access report looks up per read: "who held this case and was it in the queue, just before".
 * Every index is paid for on each append while the chain lock is held; these are the ones a filter
 * of the contract needs, no more.
 */
export class AuditReview1764300000500 implements MigrationInterface {
  name = 'AuditReview1764300000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_chain_head ADD COLUMN last_occurred_at timestamptz NOT NULL DEFAULT '-infinity'`);
    await q.query(
      `UPDATE audit_chain_head SET last_occurred_at = COALESCE((SELECT max(occurred_at) FROM audit_events), '-infinity')
       WHERE id = 1`,
    );
    await q.query(`CREATE INDEX audit_events_occurred_seq_idx ON audit_events (occurred_at, seq)`);
    await q.query(`CREATE INDEX audit_events_actor_seq_idx ON audit_events (actor_id, seq)`);
    await q.query(`CREATE INDEX audit_events_action_seq_idx ON audit_events (action, seq)`);
    await q.query(`CREATE INDEX audit_events_resource_type_seq_idx ON audit_events (resource_type, seq)`);
    await q.query(`CREATE INDEX audit_events_resource_seq_idx ON audit_events (resource_id, seq)`);
    await q.query(
      `CREATE INDEX audit_events_rare_outcome_seq_idx ON audit_events (outcome, seq) WHERE outcome <> 'success'`,
    );
    await q.query(`
      CREATE INDEX audit_events_consultation_lifecycle_idx ON audit_events (resource_id, seq)
        WHERE resource_type = 'consultation'
          AND action IN ('consultation.create', 'consultation.claim', 'consultation.assign', 'consultation.transition')
          AND outcome = 'success'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'audit_events_consultation_lifecycle_idx',
      'audit_events_rare_outcome_seq_idx',
      'audit_events_resource_seq_idx',
      'audit_events_resource_type_seq_idx',
      'audit_events_action_seq_idx',
      'audit_events_actor_seq_idx',
      'audit_events_occurred_seq_idx',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`ALTER TABLE audit_chain_head DROP COLUMN last_occurred_at`);
  }
}
