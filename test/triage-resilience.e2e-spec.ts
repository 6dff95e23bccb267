import { PrivateRedis } from '@app/testing';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { auditEvents, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { countByStatus, publishJob, triageEventCounts, waitFor } from '@app/testing/e2e/triage-support';


/**
 * Nothing lost (issue 5, item 8): a job lost with Redis is swept up, a Redis outage does not stop
 * intake and delays triage only until Redis is back, and several workers and relays triage each
 * request exactly once. This suite owns its redis-server and stops it by PID.
 */
describe('Triage when things fail', () => {
  let redis: PrivateRedis;
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    ctx = await createE2eContext('triageresil', {
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

  it('sweeps up a request whose triage job was lost and triages it', async () => {
    // No worker yet: the request waits with its outbox row, which we drop as if Redis had lost the job.
    const lost = await fileConsultation(ctx, actors.requester);
    const { rowCount } = await ctx.db.query(`DELETE FROM outbox WHERE job_id = $1`, [`triage-${lost.id}`]);
    expect(rowCount).toBe(1);

    await ctx.startWorker();
    await waitFor(async () => (await countByStatus(ctx, [lost.id], 'triaged')) === 1, 20_000, 'the sweeper');
    const sweeps = await ctx.db.query(`SELECT job_id FROM outbox WHERE job_id LIKE $1`, [
      `triage-${lost.id}-sweep-%`,
    ]);
    expect(sweeps.rowCount).toBeGreaterThanOrEqual(1);
    expect((await triageEventCounts(ctx, [lost.id])).get(lost.id)).toBe(1);
  });

  it('re-creates a deadline escalation whose delayed job never fired', async () => {
    const filed = await fileConsultation(ctx, actors.requester);
    await waitFor(async () => (await countByStatus(ctx, [filed.id], 'triaged')) === 1, 10_000, 'triage');
    // As if the delayed breach job had been lost: the deadline passed and nothing fired.
    const overdue = new Date(Date.now() - 10_000);
    await ctx.db.query(`UPDATE consultations SET sla_due_at = $2 WHERE id = $1`, [filed.id, overdue]);
    const events = await waitFor(
      async () => {
        const found = await auditEvents(ctx, { action: 'consultation.sla_breached', resourceId: filed.id });
        return found.length > 0 ? found : null;
      },
      20_000,
      'the escalation sweep',
    );
    expect(events[0].details).toMatchObject({ round: 1 });
    const swept = await ctx.db.query(`SELECT job_id FROM outbox WHERE job_id LIKE $1`, [
      `sla-breach-${filed.id}-${overdue.getTime()}-1-sweep-%`,
    ]);
    expect(swept.rowCount).toBeGreaterThanOrEqual(1);
    // Later sweeps see round 1 fired and publish nothing more for it.
    await new Promise((r) => setTimeout(r, 2500));
    expect(
      await auditEvents(ctx, { action: 'consultation.sla_breached', resourceId: filed.id }),
    ).toHaveLength(1);
  });

  it('keeps taking requests while Redis is down and triages every one within 30 s after it returns', async () => {
    await redis.stop();

    const ready = await ctx.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.redis).toEqual({ status: 'down' });

    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const started = Date.now();
      const res = await actors.requester.auth(ctx.http.post('/api/v1/consultations')).send({
        concernTypes: ['domestic_violence'],
        summary: 'A colleague says her partner controls all money and has started to threaten her.',
        subject: { identified: false },
        riskFactors: { immediateDanger: i % 3 === 0, childrenInHousehold: i % 2 === 0 },
        requestedSupport: ['advice'],
        preferredContact: { channel: 'secure_message' },
      });
      expect(res.status).toBe(201);
      expect(Date.now() - started).toBeLessThan(2000);
      ids.push(res.body.id);
    }
    // Reads keep working too, and the supervisors' view answers without the queue counts.
    await actors.investigator.auth(ctx.http.get('/api/v1/triage-queue')).expect(200);
    await actors.requester.auth(ctx.http.get(`/api/v1/consultations/${ids[0]}`)).expect(200);
    const started = Date.now();
    const stats = await actors.supervisor.auth(ctx.http.get('/api/v1/stats/queue')).expect(200);
    expect(Date.now() - started).toBeLessThan(1500);
    const unknown = { waiting: null, active: null, delayed: null, failed: null };
    expect(stats.body.queue).toEqual(unknown);
    expect(stats.body.queues).toEqual({
      triage: unknown,
      escalation: unknown,
      notification: unknown,
      maintenance: unknown,
      mail: unknown,
    });
    expect(stats.body.byStatus.submitted).toBeGreaterThanOrEqual(10);
    expect(await countByStatus(ctx, ids, 'submitted')).toBe(10);
    // Long enough for the relay's publishes to time out and fail: the rows stay in the outbox.
    await waitFor(
      async () =>
        (
          await ctx.db.query(
            `SELECT count(*)::int AS n FROM outbox WHERE job_id = ANY($1::text[]) AND attempts > 0`,
            [ids.map((id) => `triage-${id}`)],
          )
        ).rows[0].n > 0,
      15_000,
      'a failed publish',
    );
    expect(await countByStatus(ctx, ids, 'submitted')).toBe(10);

    await redis.start();
    const back = Date.now();
    await waitFor(
      async () => (await countByStatus(ctx, ids, 'triaged')) === ids.length,
      30_000,
      'triage after Redis returned',
      200,
    );
    expect(Date.now() - back).toBeLessThan(30_000);
    expect([...(await triageEventCounts(ctx, ids)).values()]).toEqual(ids.map(() => 1));

    const after = await actors.supervisor.auth(ctx.http.get('/api/v1/stats/queue')).expect(200);
    expect(after.body.queue).toEqual({
      waiting: expect.any(Number),
      active: expect.any(Number),
      delayed: expect.any(Number),
      failed: 0,
    });
  });

  it('with two workers and two relays triages every request exactly once, even when each job is published twice', async () => {
    await ctx.startWorker(); // the second worker: its own relay and processors
    const filed = await Promise.all(
      Array.from({ length: 24 }, () => fileConsultation(ctx, actors.requester)),
    );
    const ids = filed.map((c) => c.id);
    // A second copy of every triage job (as a sweep would publish), so both workers race for each request.
    for (const id of ids) {
      await publishJob(ctx, {
        queue: 'triage',
        name: 'consultation.submitted',
        jobId: `triage-${id}-again`,
        payload: { consultationId: id },
      });
    }

    await waitFor(
      async () => (await countByStatus(ctx, ids, 'triaged')) === ids.length,
      30_000,
      'triage by two workers',
      200,
    );
    // Let the duplicate jobs finish too before counting.
    await waitFor(
      async () =>
        (await ctx.db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0].n ===
        0,
      15_000,
      'the outbox to drain',
    );
    await new Promise((r) => setTimeout(r, 1000));

    expect([...(await triageEventCounts(ctx, ids)).values()]).toEqual(ids.map(() => 1));
    const { rows: deadlines } = await ctx.db.query<{ id: string; sla_due_at: Date }>(
      `SELECT id, sla_due_at FROM consultations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const scheduled = await ctx.db.query<{ job_id: string; n: number }>(
      `SELECT job_id, count(*)::int AS n FROM outbox WHERE job_id = ANY($1::text[]) GROUP BY job_id`,
      [
        deadlines.flatMap(({ id, sla_due_at }) => [
          `sla-warning-${id}-${sla_due_at.getTime()}`,
          `sla-breach-${id}-${sla_due_at.getTime()}-1`,
        ]),
      ],
    );
    expect(scheduled.rows).toHaveLength(ids.length * 2);
    expect(scheduled.rows.every((r) => r.n === 1)).toBe(true);
    const published = await ctx.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE job_id = ANY($1::text[]) AND published_at IS NOT NULL`,
      [ids.map((id) => `triage-${id}`)],
    );
    expect(published.rows[0].n).toBe(ids.length);
  });
});
