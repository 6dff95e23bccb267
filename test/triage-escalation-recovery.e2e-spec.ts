import { PrivateRedis } from '@app/testing';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { auditEvents, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { countByStatus, publishJob, waitFor } from '@app/testing/e2e/triage-support';


/**
 * Issue 11, reliability: a Redis restarted without persistence loses every delayed job. The
 * sweeper re-creates lost breach rounds (test/triage-resilience) and, here, lost SLA warnings and
 * critical auto-assignments, from their outbox rows and sla_escalations: each happens anyway, and
 * exactly once. This suite owns its redis-server and restarts it by PID.
 */
describe('SLA warnings and auto-assignments lost with Redis', () => {
  let redis: PrivateRedis;
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    ctx = await createE2eContext('escrecovery', {
      env: {
        REDIS_URL: redis.url,
        THROTTLE_IP_LIMIT: '10000',
        TRIAGE_SWEEP_EVERY_SECONDS: '1',
        TRIAGE_SWEEP_AFTER_SECONDS: '2',
      },
    });
    actors = await createActors(ctx);
  });
  afterAll(async () => {
    await ctx.close();
    await redis.stop();
  });

  const deadlineOf = async (id: string): Promise<Date> =>
    (await ctx.db.query<{ sla_due_at: Date }>(`SELECT sla_due_at FROM consultations WHERE id = $1`, [id]))
      .rows[0].sla_due_at;
  /** As if the job's delay had run out: its outbox row says it should have run 5 s ago. */
  const makeDue = async (jobId: string) => {
    const { rowCount } = await ctx.db.query(
      `UPDATE outbox SET run_at = now() - interval '5 seconds' WHERE job_id = $1 AND published_at IS NOT NULL`,
      [jobId],
    );
    expect(rowCount).toBe(1);
  };
  const notificationsOf = async (type: string, consultationId: string) =>
    (
      await ctx.db.query<{ recipient_id: string }>(
        `SELECT recipient_id FROM notifications WHERE type = $1 AND consultation_id = $2 ORDER BY recipient_id`,
        [type, consultationId],
      )
    ).rows.map((r) => r.recipient_id);
  const firings = async (consultationId: string, kind: string) =>
    (
      await ctx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sla_escalations WHERE consultation_id = $1 AND kind = $2`,
        [consultationId, kind],
      )
    ).rows[0].n;

  it('re-creates the warning and the auto-assignment after a restart without persistence, each exactly once', async () => {
    await actors.investigator
      .auth(ctx.http.put('/api/v1/me/availability'))
      .send({ onDuty: true })
      .expect(200);
    await ctx.startWorker();
    const waiting = await fileConsultation(ctx, actors.requester);
    const critical = await fileConsultation(ctx, actors.requester, {
      riskFactors: { immediateDanger: true, childrenInHousehold: false },
    });
    const claimed = await fileConsultation(ctx, actors.requester);
    const ids = [waiting.id, critical.id, claimed.id];
    await waitFor(async () => (await countByStatus(ctx, ids, 'triaged')) === 3, 20_000, 'triage');
    await actors.investigator2.auth(ctx.http.post(`/api/v1/consultations/${claimed.id}/claim`)).expect(200);
    // Every delayed job is in Redis ...
    await waitFor(
      async () =>
        (await ctx.db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0].n ===
        0,
      20_000,
      'the relay to publish the escalation jobs',
    );

    // ... and lost with it.
    await redis.stop();
    await redis.start();
    const [waitingDue, criticalDue, claimedDue] = await Promise.all(ids.map(deadlineOf));
    await makeDue(`sla-warning-${waiting.id}-${waitingDue.getTime()}`);
    await makeDue(`auto-assign-${critical.id}-${criticalDue.getTime()}`);
    await makeDue(`sla-warning-${claimed.id}-${claimedDue.getTime()}`);
    // A worker started now schedules the sweeper at once (a running one re-adds its lost schedule within a minute).
    await ctx.startWorker();

    await waitFor(async () => (await firings(waiting.id, 'warning')) === 1, 30_000, 'the re-created warning');
    await waitFor(
      async () => (await countByStatus(ctx, [critical.id], 'assigned')) === 1,
      30_000,
      'the re-created auto-assignment',
    );
    // Late copies of the original jobs (as if they had only been delayed, not lost) change nothing.
    await publishJob(ctx, {
      queue: 'escalation',
      name: 'consultation.sla_warning',
      jobId: `sla-warning-${waiting.id}-${waitingDue.getTime()}-late`,
      payload: { consultationId: waiting.id, dueAt: waitingDue.toISOString() },
    });
    await publishJob(ctx, {
      queue: 'escalation',
      name: 'consultation.auto_assign',
      jobId: `auto-assign-${critical.id}-${criticalDue.getTime()}-late`,
      payload: { consultationId: critical.id },
    });
    // Several more sweeps.
    await new Promise((r) => setTimeout(r, 4000));

    expect(await notificationsOf('consultation.sla_warning', waiting.id)).toEqual([actors.supervisor.id]);
    expect(await firings(waiting.id, 'warning')).toBe(1);
    const assigned = await auditEvents(ctx, { action: 'consultation.assign', resourceId: critical.id });
    expect(assigned).toEqual([
      expect.objectContaining({
        actor_role: 'system',
        details: { assigneeId: actors.investigator.id, automatic: true },
      }),
    ]);
    expect(await notificationsOf('consultation.assigned', critical.id)).toEqual([actors.investigator.id]);
    expect(await firings(critical.id, 'auto_assign')).toBe(1);
    const swept = await ctx.db.query<{ job_id: string }>(
      `SELECT job_id FROM outbox WHERE job_id LIKE ANY($1::text[])`,
      [[`sla-warning-${waiting.id}-%-sweep-%`, `auto-assign-${critical.id}-%-sweep-%`]],
    );
    expect(swept.rowCount).toBeGreaterThanOrEqual(2);

    // A request someone took meanwhile gets no warning re-created.
    expect(await firings(claimed.id, 'warning')).toBe(0);
    expect(await notificationsOf('consultation.sla_warning', claimed.id)).toEqual([]);
    const claimedSweeps = await ctx.db.query(`SELECT 1 FROM outbox WHERE job_id LIKE $1`, [
      `sla-warning-${claimed.id}-%-sweep-%`,
    ]);
    expect(claimedSweeps.rowCount).toBe(0);
  });
});
