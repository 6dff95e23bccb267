import { Client } from 'pg';
import { provisionAppRole, runMigrations } from '../../platform/src/database/migrate';
import { ALL_MIGRATIONS } from './all-migrations';
import { appDatabaseUrl, databaseUrl, templateDatabase, templateRun, TEST_PG_ADMIN_URL } from './test-env';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Once per Jest run: build this run's template database and migrate it. Each test file then clones
 * it (CREATE DATABASE ... TEMPLATE), which takes a fraction of a second instead of re-migrating.
 * Templates left behind by runs whose process is gone are dropped.
 */
export default async function globalSetup(): Promise<void> {
  process.env.CI_TEST_RUN ??= String(process.pid);
  const template = templateDatabase();
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    // Projects (integration, e2e) each run this in one process; the lock makes the second wait and reuse.
    await admin.query('SELECT pg_advisory_lock(727100002)');
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database');
    for (const { datname } of rows) {
      const run = templateRun(datname);
      if (run && datname !== template && /^\d+$/.test(run) && !isAlive(Number(run))) {
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
    }
    if (!rows.some((r) => r.datname === template)) {
      await admin.query(`CREATE DATABASE ${template}`);
      await runMigrations(databaseUrl(template), ALL_MIGRATIONS);
    }
    // The apps log in as consult_app; where PostgreSQL wants a password (compose), it is this one.
    await provisionAppRole(databaseUrl(template), appDatabaseUrl(template));
    await admin.query('SELECT pg_advisory_unlock(727100002)');
  } finally {
    await admin.end();
  }
}
