import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API and the worker log in as `consult_app` itself (DATABASE_URL) instead of connecting as
 * the owner or a superuser and switching role: a `RESET ROLE` on such a connection took the
 * owner's power back, e.g. to disable the audit trail's guard triggers. consult_app is no
 * superuser, creates no databases or roles, bypasses no row security and owns no table, so
 * nothing it runs can give it more than its grants (DML on the tables; SELECT and INSERT only on
 * the audit trail). Its password, where one is needed, is set by `npm run migrate` from
 * DATABASE_URL (see provisionAppRole), never stored in a migration.
 */
export class AppLoginRole1764300000850 implements MigrationInterface {
  name = 'AppLoginRole1764300000850';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER ROLE consult_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`,
    );
    await q.query(
      `DO $$ BEGIN EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO consult_app', current_database()); END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER ROLE consult_app WITH NOLOGIN`);
  }
}
