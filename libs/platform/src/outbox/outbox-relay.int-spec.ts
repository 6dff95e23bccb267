import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createTestDatabase, PrivateRedis, TestDatabase, uniqueRedisPrefix } from '@app/testing';
import type { Queue } from 'bull';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Database } from '../database/database';
import { OutboxRelay } from './outbox-relay';
import { OutboxService } from './outbox.service';
import { PlatformModule } from '../platform.module';
import { PlatformQueueModule } from '../queue/queue.module';
import { defineJob } from '../queue/job-contract';
import { jobOptionsByName, OUTBOX_JOB_OPTIONS } from '../queue/job-options';
import { QueueName } from '../queue/queue-names';

/** A job as a feature would define it (platform knows no feature's jobs). */
const testJob = defineJob<{ consultationId: string }>(QueueName.Triage, 'consultation.submitted');

/** A job whose retry policy differs from the default, as mail.send's does. */
const retryingJob = defineJob<{ consultationId: string }>(QueueName.Triage, 'test.retrying', {
  attempts: 14,
  backoff: { type: 'exponential', delay: 1000 },
});

@Module({
  imports: [PlatformModule, PlatformQueueModule.register()],
  providers: [
    OutboxRelay,
    { provide: OUTBOX_JOB_OPTIONS, useValue: jobOptionsByName([testJob, retryingJob]) },
  ],
})
class RelayTestModule {}

async function eventually(check: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('OutboxRelay', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  const contexts: INestApplicationContext[] = [];

  const startRelay = async (): Promise<INestApplicationContext> => {
    const ctx = await NestFactory.createApplicationContext(RelayTestModule, { logger: false });
    await ctx.init();
    contexts.push(ctx);
    return ctx;
  };
  const triageQueue = (ctx: INestApplicationContext) => ctx.get<Queue>(getQueueToken(QueueName.Triage));
  const unpublished = async (ctx: INestApplicationContext) =>
    Number(
      (await ctx.get(DataSource).query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`))[0].n,
    );

  beforeAll(async () => {
    database = await createTestDatabase('outbox');
    redis = await PrivateRedis.start();
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: uniqueRedisPrefix('outbox'),
      OUTBOX_POLL_MS: '50',
      // 300 transactions at once wait for 10 pooled connections; on a loaded machine that can take
      // longer than the 5 s default before a request would answer 503.
      DATABASE_CONNECT_TIMEOUT_MS: '30000',
    });
  });

  afterEach(async () => {
    while (contexts.length) await contexts.pop()?.close();
  });

  afterAll(async () => {
    await redis.stop();
    await database.drop();
  });

  const enqueue = (ctx: INestApplicationContext, id: string) =>
    ctx.get(Database).transaction((tx) =>
      ctx.get(OutboxService).enqueue(tx, {
        job: testJob,
        payload: { consultationId: id },
        jobId: `triage-${id}`,
      }),
    );

  it('never publishes a row whose transaction rolled back', async () => {
    const ctx = await startRelay();
    const id = '00000000-0000-4000-8000-000000000001';
    await expect(
      ctx.get(Database).transaction(async (tx) => {
        await ctx.get(OutboxService).enqueue(tx, { job: testJob, payload: { consultationId: id } });
        throw new Error('domain change failed');
      }),
    ).rejects.toThrow('domain change failed');
    // A committed row enqueued afterwards proves the relay has run past the point where the other would show.
    await enqueue(ctx, '00000000-0000-4000-8000-000000000002');
    await eventually(async () => (await unpublished(ctx)) === 0);
    const jobs = await triageQueue(ctx).getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(jobs.map((j) => j.data.consultationId)).toEqual(['00000000-0000-4000-8000-000000000002']);
  });

  it('publishes a row committed while Redis was down, exactly once, after Redis returns', async () => {
    const ctx = await startRelay();
    await triageQueue(ctx).obliterate({ force: true });
    await redis.stop();
    const id = '00000000-0000-4000-8000-000000000003';
    await enqueue(ctx, id);
    await eventually(async () => {
      const rows = await ctx
        .get(DataSource)
        .query(`SELECT attempts FROM outbox WHERE job_id = $1`, [`triage-${id}`]);
      return rows[0]?.attempts > 0;
    });
    expect(await unpublished(ctx)).toBe(1);
    await redis.start();
    await eventually(async () => (await unpublished(ctx)) === 0, 30000);
    const jobs = await triageQueue(ctx).getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(jobs.filter((j) => j.data.consultationId === id)).toHaveLength(1);
    expect(jobs.find((j) => j.data.consultationId === id)?.id).toBe(`triage-${id}`);
  });

  describe('woken by the database', () => {
    // Polling every minute: a row published within a second was published because of the notification.
    beforeEach(() => {
      process.env.OUTBOX_POLL_MS = '60000';
    });
    afterEach(() => {
      process.env.OUTBOX_POLL_MS = '50';
    });
    // As the superuser: the application role may not see other sessions' queries.
    const admin = () => new Client({ connectionString: database.url });
    const asAdmin = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
      const client = admin();
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    };
    const listenerPid = async (): Promise<number | undefined> =>
      (
        await asAdmin<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN outbox'`,
        )
      )[0]?.pid;

    it('publishes a committed row at once, without waiting for the next poll', async () => {
      const ctx = await startRelay();
      await eventually(async () => (await listenerPid()) !== undefined, 5000);
      await eventually(async () => (await unpublished(ctx)) === 0, 5000);
      const id = '00000000-0000-4000-8000-000000000004';
      await enqueue(ctx, id);
      await eventually(async () => (await unpublished(ctx)) === 0, 1000);
      const job = await triageQueue(ctx).getJob(`triage-${id}`);
      expect(job?.data).toEqual({ consultationId: id });
    });

    it('listens again after its listening connection is killed', async () => {
      const ctx = await startRelay();
      await eventually(async () => (await listenerPid()) !== undefined, 5000);
      const killed = await listenerPid();
      await asAdmin(`SELECT pg_terminate_backend($1)`, [killed]);
      await eventually(async () => ![undefined, killed].includes(await listenerPid()), 10000);
      const id = '00000000-0000-4000-8000-000000000005';
      await enqueue(ctx, id);
      await eventually(async () => (await unpublished(ctx)) === 0, 1000);
      expect(await triageQueue(ctx).getJob(`triage-${id}`)).not.toBeNull();
    }, 20_000);
  });

  it('publishes every job of one enqueueMany, each with its own job id and delay', async () => {
    const ctx = await startRelay();
    const runAt = new Date(Date.now() + 3_600_000);
    await ctx.get(Database).transaction((tx) =>
      ctx.get(OutboxService).enqueueMany(tx, [
        { job: testJob, payload: { consultationId: 'a' }, jobId: 'many-a' },
        { job: testJob, payload: { consultationId: 'b' }, jobId: 'many-b', runAt },
      ]),
    );
    await eventually(async () => (await unpublished(ctx)) === 0);
    const [a, b] = await Promise.all(['many-a', 'many-b'].map((id) => triageQueue(ctx).getJob(id)));
    expect(a?.data).toEqual({ consultationId: 'a' });
    expect(b?.data).toEqual({ consultationId: 'b' });
    expect(await b?.isDelayed()).toBe(true);
    expect(Math.abs((b?.timestamp ?? 0) + (b?.opts.delay ?? 0) - runAt.getTime())).toBeLessThan(2000);
  });

  it("publishes a job with its contract's retry options, and the others with the default", async () => {
    const ctx = await startRelay();
    await ctx.get(Database).transaction((tx) =>
      ctx.get(OutboxService).enqueueMany(tx, [
        { job: retryingJob, payload: { consultationId: 'r' }, jobId: 'retrying' },
        { job: testJob, payload: { consultationId: 'd' }, jobId: 'default' },
      ]),
    );
    await eventually(async () => (await unpublished(ctx)) === 0);
    const [retrying, plain] = await Promise.all(
      ['retrying', 'default'].map((id) => triageQueue(ctx).getJob(id)),
    );
    expect(retrying?.opts).toMatchObject({ attempts: 14, backoff: { type: 'exponential', delay: 1000 } });
    expect(plain?.opts.attempts).toBe(8);
  });

  it('never publishes a row twice when two relays run at once', async () => {
    const first = await startRelay();
    const second = await startRelay();
    await triageQueue(first).obliterate({ force: true });
    // Count every add() each relay makes, while still really adding to Bull.
    const added: string[] = [];
    for (const ctx of [first, second]) {
      const queue = triageQueue(ctx);
      const realAdd = queue.add.bind(queue) as (...args: unknown[]) => Promise<unknown>;
      (queue as unknown as { add: unknown }).add = (...args: unknown[]) => {
        added.push((args[2] as { jobId: string }).jobId);
        return realAdd(...args);
      };
    }
    const ids = Array.from(
      { length: 300 },
      (_, i) => `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    await Promise.all(ids.map((id) => enqueue(first, id)));
    await eventually(async () => (await unpublished(first)) === 0, 30000);
    expect(added.filter((jobId) => jobId.startsWith('triage-1')).sort()).toEqual(
      ids.map((id) => `triage-${id}`).sort(),
    );
  });
});
