import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import { consultationJobs } from '@app/consultations';
import { BusinessCalendar, JobContract } from '@app/platform';
import { computeSlaDueAt, DEFAULT_SLA_TARGETS, triageJobs } from '@app/triage';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { Actor, Actors, createActors } from '@app/testing/e2e/actors';
import { auditEvents, ConsultationJson, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { publishJob, triageEventCounts, waitFor } from '@app/testing/e2e/triage-support';

const CRITICAL = {
  riskFactors: {
    immediateDanger: true,
    childrenInHousehold: false,
    threatsToKill: false,
    strangulation: false,
    weaponAccess: false,
    escalatingViolence: false,
    traffickingIndicators: false,
  },
};

interface StoredRow {
  status: string;
  priority: string | null;
  risk_score: number | null;
  triage_reasons: string[];
  sla_due_at: Date | null;
  suggested_assignee_id: string | null;
  assignee_id: string | null;
  created_at: Date;
  version: number;
}

/**
 * A request claimed, assigned or given a priority by a person before the worker triaged it (the
 * worker was down, Redis lost the job, or someone was simply faster) is still scored: score,
 * reasons, deadline and priority, without touching its status. The requests are filed and taken
 * while no worker runs; the worker starts at the end of beforeAll.
 */
describe('Triage of requests taken before the worker saw them', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let worker: INestApplicationContext;
  let claimed: ConsultationJson;
  let started: ConsultationJson;
  let urgent: ConsultationJson;
  let overridden: ConsultationJson;
  let withdrawn: ConsultationJson;
  let lost: ConsultationJson;

  const post = (actor: Actor, path: string, body?: object) =>
    actor.auth(ctx.http.post(`/api/v1/consultations/${path}`)).send(body);
  const row = async (id: string): Promise<StoredRow> =>
    (
      await ctx.db.query<StoredRow>(
        `SELECT status, priority, risk_score, triage_reasons, sla_due_at, suggested_assignee_id, assignee_id,
                created_at, version
         FROM consultations WHERE id = $1`,
        [id],
      )
    ).rows[0];
  const scored = (id: string, timeoutMs = 15_000) =>
    waitFor(
      async () => {
        const found = await row(id);
        return found.risk_score !== null ? found : null;
      },
      timeoutMs,
      `the scoring of ${id}`,
      50,
    );
  const runJob = async <P extends object>(contract: JobContract<P>, payload: P): Promise<unknown> => {
    const jobId = `test-${randomUUID()}`;
    await publishJob(ctx, { queue: contract.queue, name: contract.name, jobId, payload });
    const bull = worker.get<Queue>(getQueueToken(contract.queue), { strict: false });
    const job = await waitFor(() => bull.getJob(jobId), 10_000, `job ${jobId} in Bull`, 50);
    return job.finished();
  };
  const deadline = (priority: 'critical' | 'high' | 'normal' | 'low', createdAt: Date) =>
    computeSlaDueAt(priority, createdAt, DEFAULT_SLA_TARGETS, new BusinessCalendar());
  const escalationJobs = async (id: string) =>
    (
      await ctx.db.query<{ job_id: string }>(
        `SELECT job_id FROM outbox WHERE job_id LIKE $1 OR job_id LIKE $2 OR job_id LIKE $3`,
        [`sla-warning-${id}%`, `sla-breach-${id}%`, `auto-assign-${id}%`],
      )
    ).rows;

  beforeAll(async () => {
    ctx = await createE2eContext('latescore', {
      env: { THROTTLE_IP_LIMIT: '10000', TRIAGE_SWEEP_EVERY_SECONDS: '1', TRIAGE_SWEEP_AFTER_SECONDS: '2' },
    });
    actors = await createActors(ctx);
    await actors.investigator
      .auth(ctx.http.put('/api/v1/me/availability'))
      .send({ onDuty: true })
      .expect(200);

    claimed = await fileConsultation(ctx, actors.requester);
    await post(actors.investigator, `${claimed.id}/claim`).expect(200);

    started = await fileConsultation(ctx, actors.requester);
    await post(actors.investigator, `${started.id}/claim`).expect(200);
    await post(actors.investigator, `${started.id}/transitions`, { to: 'in_progress' }).expect(200);

    urgent = await fileConsultation(ctx, actors.requester, CRITICAL);
    await post(actors.supervisor, `${urgent.id}/assign`, { investigatorId: actors.investigator2.id }).expect(
      200,
    );

    overridden = await fileConsultation(ctx, actors.requester);
    await post(actors.investigator, `${overridden.id}/triage`, {
      priority: 'low',
      reason: 'Reported incident is years old.',
    }).expect(200);

    withdrawn = await fileConsultation(ctx, actors.requester);
    await post(actors.requester, `${withdrawn.id}/transitions`, { to: 'withdrawn' }).expect(200);

    // Claimed, and its triage job lost (as with a Redis that had no persistence): only the sweeper can help.
    lost = await fileConsultation(ctx, actors.requester);
    await post(actors.investigator, `${lost.id}/claim`).expect(200);
    const { rowCount } = await ctx.db.query(`DELETE FROM outbox WHERE job_id = $1`, [`triage-${lost.id}`]);
    expect(rowCount).toBe(1);

    worker = await ctx.startWorker();
  });
  afterAll(() => ctx.close());

  it('scores a request claimed before triage: score, reasons, priority and deadline, status kept, audited once by the system', async () => {
    for (const [filed, status] of [
      [claimed, 'assigned'],
      [started, 'in_progress'],
    ] as const) {
      const stored = await scored(filed.id);
      expect(stored).toMatchObject({
        status,
        assignee_id: actors.investigator.id,
        priority: 'high',
        risk_score: 45,
        triage_reasons: ['children_in_household', 'escalating_violence', 'concern:domestic_violence'],
        suggested_assignee_id: actors.investigator.id,
      });
      expect(stored.sla_due_at).toEqual(deadline('high', stored.created_at));
      const view = await actors.investigator
        .auth(ctx.http.get(`/api/v1/consultations/${filed.id}`))
        .expect(200);
      expect(view.body).toMatchObject({
        status,
        priority: 'high',
        riskScore: 45,
        slaDueAt: deadline('high', stored.created_at).toISOString(),
      });
      const events = await auditEvents(ctx, { action: 'consultation.triage', resourceId: filed.id });
      expect(events).toEqual([
        expect.objectContaining({
          actor_id: null,
          actor_role: 'system',
          details: { priority: 'high', riskScore: 45, automatic: true },
        }),
      ]);
      // Someone holds it: no warning, breach or auto-assignment is scheduled.
      expect(await escalationJobs(filed.id)).toEqual([]);
    }
  });

  it('gives an assigned immediate-danger request its critical deadline, and neither escalates nor announces it', async () => {
    const stored = await scored(urgent.id);
    expect(stored).toMatchObject({
      status: 'assigned',
      assignee_id: actors.investigator2.id,
      priority: 'critical',
      risk_score: 100,
    });
    expect(stored.sla_due_at).toEqual(new Date(stored.created_at.getTime() + 60 * 60_000));
    expect(await escalationJobs(urgent.id)).toEqual([]);
    const told = await actors.investigator.auth(ctx.http.get('/api/v1/notifications?limit=100')).expect(200);
    expect(
      (told.body.items as { type: string; consultationId: string }[]).filter(
        (n) => n.type === 'consultation.critical' && n.consultationId === urgent.id,
      ),
    ).toEqual([]);
    // A breach job for it (as if one had been scheduled) finds it taken and does nothing.
    const sla = stored.sla_due_at as Date;
    await expect(
      runJob(triageJobs.slaBreach, {
        consultationId: urgent.id,
        dueAt: sla.toISOString(),
        round: 1,
      }),
    ).resolves.toBe('resolved');
    expect(await auditEvents(ctx, { action: 'consultation.sla_breached', resourceId: urgent.id })).toEqual(
      [],
    );
  });

  it('triages a request a person gave a priority before the worker with that priority and its deadline', async () => {
    const stored = await scored(overridden.id);
    expect(stored).toMatchObject({ status: 'triaged', priority: 'low', risk_score: 45 });
    expect(stored.sla_due_at).toEqual(deadline('low', stored.created_at));
    // The deadline of the person's priority is scheduled, not the one of the worker's score.
    const sla = stored.sla_due_at as Date;
    const jobs = (await escalationJobs(overridden.id)).map((j) => j.job_id).sort();
    expect(jobs).toEqual([
      `sla-breach-${overridden.id}-${sla.getTime()}-1`,
      `sla-warning-${overridden.id}-${sla.getTime()}`,
    ]);
  });

  it('sweeps up a claimed request whose triage job was lost, and scores it once', async () => {
    const stored = await scored(lost.id, 20_000);
    expect(stored).toMatchObject({ status: 'assigned', priority: 'high', risk_score: 45 });
    const sweeps = await ctx.db.query(`SELECT job_id FROM outbox WHERE job_id LIKE $1`, [
      `triage-${lost.id}-sweep-%`,
    ]);
    expect(sweeps.rowCount).toBeGreaterThanOrEqual(1);
    expect((await triageEventCounts(ctx, [lost.id])).get(lost.id)).toBe(1);
  });

  it('leaves a withdrawn request unscored, and the sweeper does not republish it', async () => {
    await scored(lost.id, 20_000); // the sweeper has run since the requests were filed
    await new Promise((r) => setTimeout(r, 1500));
    expect(await row(withdrawn.id)).toMatchObject({ status: 'withdrawn', risk_score: null, priority: null });
    const sweeps = await ctx.db.query(`SELECT job_id FROM outbox WHERE job_id LIKE $1`, [
      `triage-${withdrawn.id}-sweep-%`,
    ]);
    expect(sweeps.rowCount).toBe(0);
    expect((await triageEventCounts(ctx, [withdrawn.id])).get(withdrawn.id)).toBe(0);
  });

  it('counts every open request in the queue statistics by priority', async () => {
    for (const filed of [claimed, started, urgent, overridden, lost]) await scored(filed.id, 20_000);
    const stats = await actors.supervisor.auth(ctx.http.get('/api/v1/stats/queue')).expect(200);
    const open = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM consultations WHERE status NOT IN ('closed', 'withdrawn')`,
    );
    const byPriority = stats.body.byPriority as Record<string, number>;
    expect(Object.values(byPriority).reduce((a, b) => a + b, 0)).toBe(open.rows[0].n);
    expect(byPriority.critical).toBe(1);
  });

  it('changes nothing when the triage job runs again for a request scored while claimed', async () => {
    const before = await scored(claimed.id);
    await expect(runJob(consultationJobs.submitted, { consultationId: claimed.id })).resolves.toBe(
      'already_triaged',
    );
    expect(await row(claimed.id)).toEqual(before);
    expect((await triageEventCounts(ctx, [claimed.id])).get(claimed.id)).toBe(1);
  });
});
