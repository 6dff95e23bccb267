#!/usr/bin/env node
// Before the tests: log in to PostgreSQL and PING Redis as the tests will (not only probe the
// ports), or say in one line what is missing and how to fix it.
const { Client } = require('pg');
const Redis = require('ioredis');

const pgUrl = process.env.TEST_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

async function checkPostgres() {
  const { host, username } = new URL(pgUrl);
  const client = new Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query(
      'SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user',
    );
    if (!rows[0] || !(rows[0].rolsuper || rows[0].rolcreatedb)) {
      return `PostgreSQL user ${username} at ${host} may not create databases (the tests need a superuser: TEST_DATABASE_ADMIN_URL)`;
    }
    return undefined;
  } catch (error) {
    if (error.code === '28P01' || error.code === '28000' || /password/i.test(error.message)) {
      return `PostgreSQL at ${host} refused the login of ${username} (${error.code ?? error.message}): set TEST_DATABASE_ADMIN_URL with the superuser's password (README: Quick start)`;
    }
    return `PostgreSQL at ${host} (${error.code ?? error.message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis() {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? undefined : `Redis at ${new URL(redisUrl).host} (no PONG)`;
  } catch (error) {
    return `Redis at ${new URL(redisUrl).host} (${error.code ?? error.message})`;
  } finally {
    redis.disconnect();
  }
}

(async () => {
  const problems = (await Promise.all([checkPostgres(), checkRedis()])).filter(Boolean);
  if (problems.length) {
    console.error(
      `Tests need PostgreSQL and Redis: ${problems.join('; ')}. Start them with \`docker compose up -d postgres redis\` ` +
        'and set the TEST_* variables as README "Quick start" shows (or use your local services; see "Running without Docker").',
    );
    process.exit(1);
  }
})();
