import { getQueueToken } from '@nestjs/bull';
import { housekeepingJobs, QueueName } from '@app/platform';
import type { Queue } from 'bull';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { consultationBody } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { waitFor } from '@app/testing/e2e/triage-support';

/**
 * The worker's housekeeping: repeatable jobs, scheduled at worker start, that delete outbox rows
 * published more than OUTBOX_RETENTION_HOURS ago and expired intake Idempotency-Keys, and nothing
 * else.
 */
describe('Worker housekeeping', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('housekeeping', {
      env: { HOUSEKEEPING_EVERY_SECONDS: '1', OUTBOX_RETENTION_HOURS: '48' },
    });
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  /** An outbox row published `hoursAgo` hours ago (so the relay leaves it alone). */
  const publishedRow = (jobId: string, hoursAgo: number) =>
    ctx.db.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, created_at, published_at)
       VALUES ('maintenance', 'test.job', $1, '{}', now() - make_interval(hours => $2 + 1),
               now() - make_interval(hours => $2))`,
      [jobId, hoursAgo],
    );
  const fileWithKey = async (key: string) => {
    const res = await actors.requester
      .auth(ctx.http.post('/api/v1/consultations'))
      .set('Idempotency-Key', key)
      .send(consultationBody());
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const keysLeft = async (): Promise<string[]> =>
    (
      await ctx.db.query(
        `SELECT key FROM consultation_idempotency_keys WHERE user_id = $1 AND key LIKE 'hk-%' ORDER BY key`,
        [actors.requester.id],
      )
    ).rows.map((r) => r.key);
  const testRowsLeft = async (): Promise<string[]> =>
    (await ctx.db.query(`SELECT job_id FROM outbox WHERE job_name = 'test.job' ORDER BY job_id`)).rows.map(
      (r) => r.job_id,
    );

  it('deletes exactly the published outbox rows past retention and the expired keys', async () => {
    await publishedRow('due-published-49h-ago', 49);
    await publishedRow('due-published-300h-ago', 300);
    await publishedRow('kept-published-47h-ago', 47);
    const ids = [
      await fileWithKey('hk-expired-1'),
      await fileWithKey('hk-expired-2'),
      await fileWithKey('hk-live'),
    ];
    await ctx.db.query(
      `UPDATE consultation_idempotency_keys SET expires_at = now() - interval '1 second'
       WHERE user_id = $1 AND key LIKE 'hk-expired-%'`,
      [actors.requester.id],
    );
    // Nothing deletes them before a worker runs.
    expect(await testRowsLeft()).toHaveLength(3);
    expect(await keysLeft()).toHaveLength(3);

    const worker = await ctx.startWorker();
    await waitFor(
      async () => (await testRowsLeft()).length === 1 && (await keysLeft()).length === 1,
      20_000,
      'housekeeping to run',
    );

    expect(await testRowsLeft()).toEqual(['kept-published-47h-ago']);
    expect(await keysLeft()).toEqual(['hk-live']);
    // The requests the keys created stay, and so do their freshly published triage jobs.
    const kept = await ctx.db.query(
      `SELECT count(*)::int AS n FROM consultations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(kept.rows[0].n).toBe(3);
    await waitFor(
      async () =>
        (
          await ctx.db.query(
            `SELECT count(*)::int AS n FROM outbox WHERE job_id = ANY($1::text[]) AND published_at IS NOT NULL`,
            [ids.map((id) => `triage-${id}`)],
          )
        ).rows[0].n === 3,
      20_000,
      'the relay to publish the triage jobs',
    );
    // A replay of the live key still returns its request; an expired key is simply free again.
    const replay = await actors.requester
      .auth(ctx.http.post('/api/v1/consultations'))
      .set('Idempotency-Key', 'hk-live')
      .send(consultationBody());
    expect(replay.body.id).toBe(ids[2]);

    const schedule = await worker.get<Queue>(getQueueToken(QueueName.Maintenance)).getRepeatableJobs();
    const housekeeping = schedule
      .filter((job) =>
        [
          housekeepingJobs.outboxCleanup.name,
          housekeepingJobs.idempotencyKeyPurge.name,
          housekeepingJobs.failedMaintenanceCleanup.name,
        ].includes(job.name),
      )
      .map((job) => ({ name: job.name, every: Number(job.every) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(housekeeping).toEqual([
      { name: housekeepingJobs.failedMaintenanceCleanup.name, every: 1000 },
      { name: housekeepingJobs.idempotencyKeyPurge.name, every: 1000 },
      { name: housekeepingJobs.outboxCleanup.name, every: 1000 },
    ]);
  });

  it('removes failed maintenance jobs after one housekeeping period, and leaves failures of other queues', async () => {
    const worker = await ctx.startWorker();
    const maintenance = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    const triage = worker.get<Queue>(getQueueToken(QueueName.Triage));
    // A job no processor handles fails at once, as a sweep or checkpoint does during an outage.
    const failed = await maintenance.add('test.fails', {}, { attempts: 1 });
    const otherFailed = await triage.add('test.fails', {}, { attempts: 1 });
    await waitFor(
      async () => (await failed.isFailed()) && (await otherFailed.isFailed()),
      10_000,
      'the jobs to fail',
    );
    await waitFor(
      async () => (await maintenance.getJob(String(failed.id))) === null,
      10_000,
      'housekeeping to remove it',
    );
    expect(await triage.getJob(String(otherFailed.id))).not.toBeNull();
    await otherFailed.remove();
  });
});
