import { Client } from 'pg';
import { templateDatabase, TEST_PG_ADMIN_URL } from './test-env';

/** Drops this run's template database (every project's teardown may run this; it is idempotent). */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase()} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
