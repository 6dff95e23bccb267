import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options';

/** Arbitrary constant: the advisory lock that serializes concurrent `migrate` runs (several replicas). */
const MIGRATION_LOCK_KEY = 727_100_001;

/**
 * Applies every pending migration. Idempotent; safe to run from several replicas at once: a
 * session-level advisory lock makes the others wait, and they then find nothing left to do.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const dataSource = new DataSource(databaseOptions({ url, poolSize: 1 }));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
