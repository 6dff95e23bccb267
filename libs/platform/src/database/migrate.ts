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
  await ensureDatabase(url);
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

/** Creates the target database when it does not exist yet, so a fresh machine needs no manual step. */
async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) return;
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  try {
    await admin.connect();
  } catch {
    return; // no access to the maintenance database: the target must already exist
  }
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another replica
      });
    }
  } finally {
    await admin.end();
  }
}
