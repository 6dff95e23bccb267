import { Client } from 'pg';
import { runMigrations } from '../../platform/src/database/migrate';
import { databaseUrl, TEMPLATE_DB, TEST_PG_ADMIN_URL } from './test-env';

/**
 * Once per Jest run: rebuild the template database and migrate it. Each test file then clones
 * it (CREATE DATABASE ... TEMPLATE), which takes a fraction of a second instead of re-migrating.
 */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    // Projects (integration, e2e) each run this; the lock makes the second wait and reuse.
    await admin.query('SELECT pg_advisory_lock(727100002)');
    const marker = `${process.pid}`;
    const existing = await admin.query(
      `SELECT shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1`,
      [TEMPLATE_DB],
    );
    if (existing.rows[0]?.marker !== marker) {
      await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
      await runMigrations(databaseUrl(TEMPLATE_DB));
      await admin.query(`COMMENT ON DATABASE ${TEMPLATE_DB} IS '${marker}'`);
    }
    await admin.query('SELECT pg_advisory_unlock(727100002)');
  } finally {
    await admin.end();
  }
}
