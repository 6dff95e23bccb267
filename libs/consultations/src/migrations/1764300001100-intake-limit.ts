import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-requester intake limit (INTAKE_LIMIT_PER_HOUR, issue 11). One row per requester who ever
 * filed: `recent` holds the filing times inside the last window (at most the limit's worth), so
 * the limit is a true sliding window; intake takes the row's lock with one upsert, which makes
 * counting atomic (concurrent filings of one requester queue behind each other, nobody else's).
 * `alerted_at` is when supervisors were last told that this requester hit the limit (at most
 * once an hour). Kept in PostgreSQL, not Redis: intake must keep working while Redis is down.
 */
export class IntakeLimit1764300001100 implements MigrationInterface {
  name = 'IntakeLimit1764300001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake_rate (
        requester_id uuid PRIMARY KEY REFERENCES users (id),
        recent timestamptz[] NOT NULL,
        alerted_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake_rate`);
  }
}
