/** Where the test PostgreSQL and Redis live (env, defaulting to the local services). */
export const TEST_PG_ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * The password of the app's login role consult_app, where PostgreSQL asks for one (compose); the
 * global setup gives the role this password. Unset: no password (trust auth, as on CI).
 */
export const TEST_APP_PASSWORD = process.env.TEST_DATABASE_APP_PASSWORD ?? '';

const TEMPLATE_PREFIX = 'consult_intake_tpl_';

/**
 * The migrated template of this Jest run. Named after the run (global setup sets CI_TEST_RUN to
 * its PID, which the test workers inherit), so two `npm test` runs against one PostgreSQL never
 * rebuild each other's template.
 */
export function templateDatabase(run = process.env.CI_TEST_RUN ?? 'default'): string {
  return `${TEMPLATE_PREFIX}${run.replace(/[^0-9a-z]/gi, '')}`;
}

/** The run a template belongs to, or undefined for other databases. */
export function templateRun(database: string): string | undefined {
  return database.startsWith(TEMPLATE_PREFIX) ? database.slice(TEMPLATE_PREFIX.length) : undefined;
}

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The same database as the application logs in to it: role consult_app (not a superuser). */
export function appDatabaseUrl(name: string): string {
  const url = new URL(databaseUrl(name));
  url.username = 'consult_app';
  url.password = TEST_APP_PASSWORD ? encodeURIComponent(TEST_APP_PASSWORD) : '';
  return url.toString();
}
