import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import { auditJobs } from '@app/audit';
import { consultationJobs } from '@app/consultations';
import { housekeepingJobs, QueueName, RepeatableSchedules } from '@app/platform';
import { triageJobs } from '@app/triage';
import { PrivateRedis } from '@app/testing';
import type { Queue } from 'bull';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { waitFor } from '@app/testing/e2e/triage-support';

/**
 * Every repeatable schedule comes back after Redis forgets it (a restart without persistence, as in
 * CI and the default deployment): the audit checkpoint used to be scheduled once at start and was
 * then gone until the worker restarted, unlike the sweeps. This suite owns its redis-server.
 */
describe('Worker schedules', () => {
  let redis: PrivateRedis;
  let ctx: E2eContext;
  let worker: INestApplicationContext;

  const scheduled = async (): Promise<string[]> => {
    const names: string[] = [];
    for (const name of Object.values(QueueName)) {
      const queue = worker.get<Queue>(getQueueToken(name), { strict: false });
      for (const job of await queue.getRepeatableJobs())
        names.push(`${name}/${job.name} every ${job.every} ms`);
    }
    return names.sort();
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    ctx = await createE2eContext('schedules', { env: { REDIS_URL: redis.url } });
    worker = await ctx.startWorker();
  });
  afterAll(async () => {
    await ctx.close();
    await redis.stop();
  });

  // Every repeatable job the worker keeps; the processors schedule them one by one at start.
  const EXPECTED = [
    auditJobs.checkpoint,
    triageJobs.sweepSubmitted,
    consultationJobs.retentionPurge,
    housekeepingJobs.outboxCleanup,
    housekeepingJobs.idempotencyKeyPurge,
    housekeepingJobs.failedMaintenanceCleanup,
  ].map((job) => `${job.queue}/${job.name} every`);
  const complete = (names: string[]) => EXPECTED.every((e) => names.some((name) => name.startsWith(e)));

  it('puts every schedule back, the audit checkpoint included, after Redis restarts empty', async () => {
    // Wait for all of them: reading while the last is still being added once made the comparison
    // below fail (CI), the restored list then having one more than the list read at start.
    const atStart = await waitFor(
      async () => {
        const names = await scheduled();
        return complete(names) && names;
      },
      20_000,
      'the worker to schedule its jobs',
    );
    expect(atStart).toHaveLength(EXPECTED.length);

    await redis.stop();
    await redis.start();
    // What the worker's timer does every minute, called now: Bull reconnects within a few seconds.
    const schedules = worker.get(RepeatableSchedules);
    const restored = await waitFor(
      async () => {
        await schedules.ensure();
        const names = await scheduled().catch(() => []);
        return complete(names) && names;
      },
      30_000,
      'the schedules to come back',
      500,
    );
    expect(restored).toEqual(atStart);
  });
});
