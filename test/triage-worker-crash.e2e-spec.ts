import { PrivateRedis } from '@app/testing';
import Redis from 'ioredis';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { countByStatus, triageEventCounts, waitFor, WorkerProcess } from '@app/testing/e2e/triage-support';


/** Short Bull locks so a dead worker's jobs are recovered in seconds, not the default 30 s. */
const FAST_RECOVERY = { BULL_LOCK_DURATION_MS: '2000', BULL_STALLED_INTERVAL_MS: '1000' };
/** The sweeper stays out of it: recovery here must come from Bull's stalled-job check. */
const NO_SWEEP = { TRIAGE_SWEEP_EVERY_SECONDS: '3600', TRIAGE_SWEEP_AFTER_SECONDS: '86400' };

/**
 * Issue 5, item 8 (b): a worker process killed (SIGKILL) in the middle of triage jobs leaves no
 * request untriaged and none triaged twice. The first worker runs as a real process whose jobs are
 * slowed (test/support/slow-triage-worker.ts overrides TriageService) so the kill lands mid-job.
 */
describe('A worker killed in the middle of triage', () => {
  let redis: PrivateRedis;
  let ctx: E2eContext;
  let actors: Actors;
  let doomed: WorkerProcess | undefined;
  let probe: Redis;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    ctx = await createE2eContext('triagecrash', {
      env: { REDIS_URL: redis.url, ...FAST_RECOVERY, ...NO_SWEEP },
    });
    actors = await createActors(ctx);
    probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await doomed?.kill();
    probe.disconnect();
    await ctx.close();
    await redis.stop();
  });

  it('leaves no request untriaged and none triaged twice', async () => {
    doomed = WorkerProcess.start(
      ctx,
      { REDIS_URL: redis.url, ...FAST_RECOVERY, ...NO_SWEEP },
      'test/support/slow-triage-worker.ts',
    );
    const filed = [];
    for (let i = 0; i < 6; i++) filed.push(await fileConsultation(ctx, actors.requester));
    const ids = filed.map((c) => c.id);

    const activeKey = `${ctx.redisPrefix}:bull:triage:active`;
    const stranded = await waitFor(
      async () => {
        if (!doomed?.running) throw new Error(`the worker process exited early:\n${doomed?.log}`);
        const active = await probe.lrange(activeKey, 0, -1);
        return active.length > 0 ? active : null;
      },
      60_000,
      'a triage job to start in the worker process',
      50,
    );
    await doomed.kill();
    const killedAt = Date.now();

    // Killed mid-job: its jobs are still "active" in Bull, and nothing was written.
    expect(await probe.llen(activeKey)).toBeGreaterThan(0);
    expect(await countByStatus(ctx, ids, 'submitted')).toBe(ids.length);

    await ctx.startWorker();
    await waitFor(
      async () => (await countByStatus(ctx, ids, 'triaged')) === ids.length,
      30_000,
      'triage after the crash',
      200,
    );
    // docs/triage.md: recovered within BULL_LOCK_DURATION_MS + BULL_STALLED_INTERVAL_MS (3 s here),
    // plus the new worker's start and the triage itself.
    expect(Date.now() - killedAt).toBeLessThan(2000 + 1000 + 8000);
    expect([...(await triageEventCounts(ctx, ids)).values()]).toEqual(ids.map(() => 1));

    // The stranded jobs were recovered as stalled and then completed (not failed, not lost).
    for (const jobId of stranded) {
      const job = await waitFor(async () => {
        const fields = await probe.hgetall(`${ctx.redisPrefix}:bull:triage:${jobId}`);
        return fields.finishedOn ? fields : null;
      });
      expect(job.returnvalue).toBe('"triaged"');
      expect(Number(job.stalledCounter)).toBe(1);
    }
    expect(await probe.zcard(`${ctx.redisPrefix}:bull:triage:failed`)).toBe(0);
  });
});
