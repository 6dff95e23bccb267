import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { appDatabaseUrl, databaseUrl, templateDatabase, TEST_PG_ADMIN_URL } from './test-env';

export interface TestDatabase {
  name: string;
  /** As the superuser: fixtures, raw reads, migrations. */
  url: string;
  /** As the application logs in (role consult_app): what DATABASE_URL gets in tests. */
  appUrl: string;
  drop(): Promise<void>;
}

/** A private database for one test file, cloned from the migrated template. */
export async function createTestDatabase(label = 'suite'): Promise<TestDatabase> {
  const name = `ci_test_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    // Cloning needs the template free of other sessions; clones running in parallel can collide.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(name),
    appUrl: appDatabaseUrl(name),
    async drop() {
      const c = new Client({ connectionString: TEST_PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
