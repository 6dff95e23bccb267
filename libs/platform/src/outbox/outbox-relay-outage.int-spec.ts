import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ALL_MIGRATIONS, PrivatePostgres, PrivateRedis, TEST_REDIS_URL, uniqueRedisPrefix } from '@app/testing';
import { Client } from 'pg';
import { runMigrations } from '../database/migrate';
import { PlatformModule } from '../platform.module';
import { PlatformQueueModule } from '../queue/queue.module';
import { OutboxRelay } from './outbox-relay';

@Module({ imports: [PlatformModule, PlatformQueueModule.register()], providers: [OutboxRelay] })
class RelayTestModule {}


async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The messages and fields of the relay's warn lines (its Nest Logger; the app logs nothing here). */
function warnings(relay: OutboxRelay): jest.SpyInstance {
  const logger = (relay as unknown as { logger: { warn: (...args: unknown[]) => void } }).logger;
  return jest.spyOn(logger, 'warn');
}

const warned = (spy: jest.SpyInstance, message: RegExp) =>
  spy.mock.calls.find(([, msg]) => typeof msg === 'string' && message.test(msg)) as
    [Record<string, unknown>, string] | undefined;

/**
 * Issue 11, reliability: the relay after a database outage (a private PostgreSQL cluster, stopped
 * and started; the shared server is never touched) and its warning when Redis refuses jobs.
 */
describe('OutboxRelay through outages', () => {
  let pg: PrivatePostgres;
  let ctx: INestApplicationContext | undefined;
  const admin = () => new Client({ connectionString: pg.url('consult_intake') });

  const insertJob = async (jobId: string) => {
    const client = admin();
    await client.connect();
    try {
      await client.query(
        `INSERT INTO outbox (queue, job_name, job_id, payload) VALUES ('triage', 'consultation.submitted', $1, '{}')`,
        [jobId],
      );
    } finally {
      await client.end();
    }
  };
  const publishedAt = async (jobId: string): Promise<Date | undefined> => {
    const client = admin();
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query(`SELECT published_at FROM outbox WHERE job_id = $1`, [jobId]);
      return rows[0]?.published_at ?? undefined;
    } catch {
      return undefined;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    await pg.start();
    await runMigrations(pg.url('consult_intake'), ALL_MIGRATIONS);
  });
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
  });
  afterAll(async () => {
    await pg.destroy();
  });

  const startRelay = async (env: Record<string, string>) => {
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: pg.url('consult_intake', 'consult_app'),
      REDIS_PREFIX: uniqueRedisPrefix('relayoutage'),
      ...env,
    });
    ctx = await NestFactory.createApplicationContext(RelayTestModule, { logger: false, abortOnError: false });
    const relay = ctx.get(OutboxRelay);
    const spy = warnings(relay);
    await ctx.init();
    return { relay, spy };
  };

  it('publishes a job committed after the database returns at once, not after its backoff', async () => {
    // Polling every 5 s: after one failed batch the relay backs off 10 s; only a notification is fast.
    const { spy } = await startRelay({ REDIS_URL: TEST_REDIS_URL, OUTBOX_POLL_MS: '5000' });
    await insertJob('before-outage');
    await eventually(() => publishedAt('before-outage'), 10_000, 'the first job to be published');

    await pg.stop();
    await eventually(
      async () => warned(spy, /cannot read the outbox/),
      15_000,
      'the relay to fail a batch while the database is down',
    );
    const [fields] = warned(spy, /cannot read the outbox/)!;
    expect(fields.cause).toMatchObject({ message: expect.any(String) });

    await pg.start();
    await insertJob('after-outage');
    const committed = Date.now();
    await eventually(() => publishedAt('after-outage'), 20_000, 'the job committed after the outage');
    // Before: the relay slept out its 10 s backoff, deaf to the commit's notification.
    expect(Date.now() - committed).toBeLessThan(3_500);
  });

  it('says why publishing failed when Redis is away: the error and the connection state, no payload', async () => {
    const redis = await PrivateRedis.start();
    try {
      const { spy } = await startRelay({ REDIS_URL: redis.url, OUTBOX_POLL_MS: '50' });
      await redis.stop();
      await insertJob('while-redis-down');
      const [fields, message] = await eventually(
        async () => warned(spy, /publish to Redis failed/),
        20_000,
        'the publish failure warning',
      );
      expect(message).toBe('outbox publish to Redis failed; rows stay in the outbox, will retry');
      expect(fields).toMatchObject({
        failures: 1,
        rows: 1,
        cause: {
          message: expect.stringMatching(/^publish timed out after 2000 ms \(Redis connection \w+\)$/),
        },
      });
      expect(JSON.stringify(fields)).not.toContain('while-redis-down');
    } finally {
      await redis.stop();
    }
  });
});
