import { join, resolve } from 'node:path';
import { appDatabaseUrl, databaseUrl, TEST_REDIS_URL } from '../../../../libs/testing/src/test-env';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

/** The built processes the browser suite runs (npm run build). */
export const DIST = {
  api: join(ROOT, 'dist/apps/api/apps/api/src/main.js'),
  worker: join(ROOT, 'dist/apps/worker/apps/worker/src/main.js'),
  cli: join(ROOT, 'dist/apps/cli/apps/cli/src/main.js'),
  web: join(ROOT, 'dist/web'),
};

/** What the API, the worker and the CLI share: the run's database and Redis prefix. */
export function serviceEnv(database: string, redisPrefix: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    // The apps log in as consult_app; migrate runs as the admin (README "Database roles").
    DATABASE_URL: appDatabaseUrl(database),
    DATABASE_MIGRATION_URL: databaseUrl(database),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
  };
}
