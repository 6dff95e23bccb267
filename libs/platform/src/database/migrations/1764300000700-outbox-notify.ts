import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wakes the worker's outbox relay as soon as a job is committed (bench/performance.md): a
 * statement-level trigger on `outbox` calls `pg_notify('outbox', '')`. PostgreSQL delivers a
 * notification only when the inserting transaction commits (never for a rolled-back one) and folds
 * identical notifications of one transaction into one. The relay LISTENs on a connection of its
 * own and still polls (OUTBOX_POLL_MS) in case a notification is missed.
 */
export class OutboxNotify1764300000700 implements MigrationInterface {
  name = 'OutboxNotify1764300000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_notify ON outbox`);
    await q.query(`DROP FUNCTION outbox_notify()`);
  }
}
