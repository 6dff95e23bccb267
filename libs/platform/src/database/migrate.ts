import { Client, escapeLiteral } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options';
import type { Migration } from './migration-order';

/** Arbitrary constant: the advisory lock that serializes concurrent `migrate` runs (several replicas). */
const MIGRATION_LOCK_KEY = 727_100_001;

/**
 * Applies every pending migration of `migrations` (every lib's, `migrationsInOrder`). Idempotent;
 * safe to run from several replicas at once: a session-level advisory lock makes the others wait,
 * and they then find nothing left to do.
 */
export async function runMigrations(url: string, migrations: readonly Migration[]): Promise<string[]> {
  await ensureDatabase(url);
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Migrations may rewrite big tables: no statement timeout here.
    const dataSource = new DataSource({
      ...databaseOptions({ url, poolSize: 1, statementTimeoutMs: 0 }),
      migrations: [...migrations],
    });
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

/** The role the migrations create for the API and the worker (see migration AppLoginRole1764300000850). */
export const APP_ROLE = 'consult_app';

/**
 * After migrating: when DATABASE_URL logs in as consult_app with a password, give the role that
 * password (so compose or an operator needs no separate step and the password lives in one
 * place). Without a password (trust or peer auth, as on a developer machine) nothing is changed.
 * Answers what it did, never the password.
 */
export async function provisionAppRole(migrationUrl: string, appUrl: string): Promise<string | undefined> {
  const app = new URL(appUrl);
  if (decodeURIComponent(app.username) !== APP_ROLE || !app.password) return undefined;
  const owner = new Client({ connectionString: migrationUrl });
  await owner.connect();
  try {
    // ALTER ROLE takes no bind parameters; escapeLiteral quotes the password safely.
    await owner.query(
      `ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${escapeLiteral(decodeURIComponent(app.password))}`,
    );
    return `role ${APP_ROLE} may log in with the password in DATABASE_URL`;
  } finally {
    await owner.end();
  }
}
