import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { databaseUrl } from '../../../../libs/testing/src/test-env';
import { DIST, serviceEnv } from './service-env';

function run(): { database: string; redisPrefix: string } {
  const database = process.env.WEB_E2E_DATABASE;
  const redisPrefix = process.env.WEB_E2E_REDIS_PREFIX;
  if (!database || !redisPrefix)
    throw new Error('WEB_E2E_DATABASE is not set: run through playwright.config.ts');
  return { database, redisPrefix };
}

/**
 * Moves the end of a closed or withdrawn request back by `days`, as the jest retention tests do
 * (time travel for retention: RETENTION_CLOSED_DAYS is 730 by default).
 */
export async function endedDaysAgo(id: string, days: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl(run().database) });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `UPDATE consultations SET closed_at = date_trunc('milliseconds', now() - make_interval(days => $2))
       WHERE id = $1 AND closed_at IS NOT NULL`,
      [id, days],
    );
    if (rowCount !== 1) throw new Error(`request ${id} is not closed`);
  } finally {
    await client.end();
  }
}

/** `npm run retention:run` against the suite's database: purges what is due now. Answers its output. */
export async function runRetention(): Promise<string> {
  const { database, redisPrefix } = run();
  const { stdout } = await promisify(execFile)(process.execPath, [DIST.cli, 'retention-run'], {
    env: { ...serviceEnv(database, redisPrefix), LOG_LEVEL: 'warn' },
  });
  return stdout;
}
