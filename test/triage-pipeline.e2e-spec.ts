import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import { consultationJobs } from '@app/consultations';
import { BusinessCalendar, JobContract } from '@app/platform';
import { computeSlaDueAt, DEFAULT_SLA_TARGETS, slaWarningAt, triageJobs } from '@app/triage';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { Actor, Actors, createActors } from '@app/testing/e2e/actors';
import {
  auditEvents,
  ConsultationJson,
  consultationBody,
  fileConsultation,
} from '@app/testing/e2e/consultation-fixtures';
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

/** docs/api.md "Duty, notifications, queue statistics" and the worker's triage (issue 5). */
describe('Triage pipeline', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    ctx = await createE2eContext('triagepipe', { env: { THROTTLE_IP_LIMIT: '10000' } });
    worker = await ctx.startWorker();
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  const get = (actor: Actor, id: string) => actor.auth(ctx.http.get(`/api/v1/consultations/${id}`));
  const setDuty = (actor: Actor, body: unknown) =>
    actor.auth(ctx.http.put('/api/v1/me/availability')).send(body as object);
  const notifications = (actor: Actor, query = '') =>
    actor.auth(ctx.http.get(`/api/v1/notifications${query}`));
  const row = async (id: string) =>
    (
      await ctx.db.query(
        `SELECT status, priority, risk_score, triage_reasons, sla_due_at, suggested_assignee_id, assignee_id, created_at
         FROM consultations WHERE id = $1`,
        [id],
      )
    ).rows[0];
  const triaged = (id: string, timeoutMs = 10_000) =>
    waitFor(
      async () => ((await row(id)).status !== 'submitted' ? row(id) : null),
      timeoutMs,
      `triage of ${id}`,
      50,
    );
  const outboxRow = async (jobId: string) =>
    (await ctx.db.query(`SELECT job_name, queue, payload, run_at FROM outbox WHERE job_id = $1`, [jobId]))
      .rows;
  /** Publishes a job through the outbox and waits for the worker's answer (the processor's return value). */
  const runJob = async <P extends object>(contract: JobContract<P>, payload: P): Promise<unknown> => {
    const jobId = `test-${randomUUID()}`;
    await publishJob(ctx, { queue: contract.queue, name: contract.name, jobId, payload });
    const bull = worker.get<Queue>(getQueueToken(contract.queue), { strict: false });
    const job = await waitFor(() => bull.getJob(jobId), 10_000, `job ${jobId} in Bull`, 50);
    return job.finished();
  };
  const ofType = async (actor: Actor, type: string, consultationId: string) => {
    const res = await notifications(actor, '?limit=100');
    expect(res.status).toBe(200);
    return (res.body.items as { type: string; consultationId: string }[]).filter(
      (n) => n.type === type && n.consultationId === consultationId,
    );
  };

  describe('triage by the worker', () => {
    it('puts an immediate-danger request on top of the triage queue as critical within seconds', async () => {
      await fileConsultation(ctx, actors.requester);
      const started = Date.now();
      const urgent = await fileConsultation(ctx, actors.requester, CRITICAL);
      const stored = await triaged(urgent.id, 5000);
      expect(Date.now() - started).toBeLessThan(5000);

      expect(stored.status).toBe('triaged');
      expect(stored.priority).toBe('critical');
      expect(stored.risk_score).toBe(100);
      expect(stored.triage_reasons).toEqual(['immediate_danger', 'concern:domestic_violence']);
      // Critical: one hour around the clock.
      expect(new Date(stored.sla_due_at).getTime()).toBe(new Date(stored.created_at).getTime() + 60 * 60_000);

      const queue = await actors.investigator.auth(ctx.http.get('/api/v1/triage-queue')).expect(200);
      expect(queue.body.items[0]).toMatchObject({ id: urgent.id, priority: 'critical', status: 'triaged' });
    });

    it('stores score, reasons and a business-hours deadline, audits the triage once as the system, and schedules the escalations', async () => {
      const filed = await fileConsultation(ctx, actors.requester); // domestic violence, children, escalating
      const stored = await triaged(filed.id);
      expect(stored.priority).toBe('high');
      expect(stored.risk_score).toBe(45);
      expect(stored.triage_reasons).toEqual([
        'children_in_household',
        'escalating_violence',
        'concern:domestic_violence',
      ]);

      const calendar = new BusinessCalendar();
      const createdAt = new Date(stored.created_at);
      const due = computeSlaDueAt('high', createdAt, DEFAULT_SLA_TARGETS, calendar);
      expect(new Date(stored.sla_due_at)).toEqual(due);

      const view = await get(actors.requester, filed.id).expect(200);
      expect(view.body).toMatchObject({
        status: 'triaged',
        priority: 'high',
        riskScore: 45,
        slaDueAt: due.toISOString(),
      });

      const events = await auditEvents(ctx, { action: 'consultation.triage', resourceId: filed.id });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_id: null, actor_role: 'system', outcome: 'success' });

      const warning = await outboxRow(`sla-warning-${filed.id}-${due.getTime()}`);
      expect(warning).toHaveLength(1);
      expect(warning[0]).toMatchObject({ queue: 'escalation', job_name: triageJobs.slaWarning.name });
      expect(new Date(warning[0].run_at)).toEqual(
        slaWarningAt(DEFAULT_SLA_TARGETS.high, createdAt, due, calendar, 0.75),
      );
      const breach = await outboxRow(`sla-breach-${filed.id}-${due.getTime()}-1`);
      expect(breach).toHaveLength(1);
      expect(breach[0].payload).toEqual({ consultationId: filed.id, dueAt: due.toISOString(), round: 1 });
      expect(new Date(breach[0].run_at)).toEqual(due);
      expect(await outboxRow(`auto-assign-${filed.id}-${due.getTime()}`)).toHaveLength(0);
    });

    it('triages requests filed together each exactly once, with its own escalations and audit event, the chain intact', async () => {
      const filed = await Promise.all(
        Array.from({ length: 24 }, () => fileConsultation(ctx, actors.requester)),
      );
      const ids = filed.map((c) => c.id);
      const rows = await Promise.all(ids.map((id) => triaged(id, 20_000)));
      expect(rows.every((r) => r.status === 'triaged' && r.risk_score !== null)).toBe(true);
      expect([...(await triageEventCounts(ctx, ids)).values()]).toEqual(ids.map(() => 1));
      for (const [k, id] of ids.entries()) {
        expect(await outboxRow(`sla-breach-${id}-${new Date(rows[k].sla_due_at).getTime()}-1`)).toHaveLength(
          1,
        );
      }
      const res = await actors.supervisor.auth(ctx.http.get('/api/v1/audit-events/verify'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ valid: true, firstInvalidSeq: null });
    });

    it('changes nothing when the triage job runs again for a triaged request', async () => {
      const filed = await fileConsultation(ctx, actors.requester);
      const before = await triaged(filed.id);
      const version = (await ctx.db.query(`SELECT version FROM consultations WHERE id = $1`, [filed.id]))
        .rows[0].version;
      await expect(runJob(consultationJobs.submitted, { consultationId: filed.id })).resolves.toBe(
        'already_triaged',
      );
      expect(await row(filed.id)).toEqual(before);
      expect(
        (await ctx.db.query(`SELECT version FROM consultations WHERE id = $1`, [filed.id])).rows[0].version,
      ).toBe(version);
      expect((await triageEventCounts(ctx, [filed.id])).get(filed.id)).toBe(1);
      expect(
        await outboxRow(`sla-breach-${filed.id}-${new Date(before.sla_due_at).getTime()}-1`),
      ).toHaveLength(1);
    });

    it('suggests the on-duty investigator with the fewest open requests and tells on-duty investigators of a critical request', async () => {
      await setDuty(actors.investigator, { onDuty: true }).expect(200);
      await setDuty(actors.investigator2, { onDuty: true }).expect(200);
      // investigator holds one open request, investigator2 none.
      const held = await fileConsultation(ctx, actors.requester);
      await triaged(held.id);
      await actors.investigator.auth(ctx.http.post(`/api/v1/consultations/${held.id}/claim`)).expect(200);

      const urgent = await fileConsultation(ctx, actors.requester, CRITICAL);
      const stored = await triaged(urgent.id);
      expect(stored.suggested_assignee_id).toBe(actors.investigator2.id);

      const told = await waitFor(async () => {
        const [a, b] = await Promise.all([
          ofType(actors.investigator, 'consultation.critical', urgent.id),
          ofType(actors.investigator2, 'consultation.critical', urgent.id),
        ]);
        return a.length === 1 && b.length === 1 ? [a[0], b[0]] : null;
      });
      expect(told[0]).toMatchObject({ reference: urgent.reference });
      expect(await ofType(actors.supervisor, 'consultation.critical', urgent.id)).toHaveLength(0);

      const autoAssign = await outboxRow(`auto-assign-${urgent.id}-${new Date(stored.sla_due_at).getTime()}`);
      expect(autoAssign).toHaveLength(1);
      expect(new Date(autoAssign[0].run_at).getTime()).toBe(
        new Date(stored.created_at).getTime() + 10 * 60_000,
      );

      await setDuty(actors.investigator, { onDuty: false }).expect(200);
      await setDuty(actors.investigator2, { onDuty: false }).expect(200);
    });

    it('suggests nobody when nobody is on duty', async () => {
      const filed = await fileConsultation(ctx, actors.requester);
      expect((await triaged(filed.id)).suggested_assignee_id).toBeNull();
    });
  });

  describe('PUT /me/availability', () => {
    it('sets the investigator on and off duty and audits it', async () => {
      const on = await setDuty(actors.investigator2, { onDuty: true }).expect(200);
      expect(on.body).toEqual({ onDuty: true });
      const off = await setDuty(actors.investigator2, { onDuty: false }).expect(200);
      expect(off.body).toEqual({ onDuty: false });
      const events = await auditEvents(ctx, {
        action: 'availability.update',
        actorId: actors.investigator2.id,
      });
      expect(events.slice(-2).map((e) => e.details)).toEqual([{ onDuty: true }, { onDuty: false }]);
    });

    it.each([
      ['a missing onDuty', {}],
      ['a string', { onDuty: 'true' }],
      ['null', { onDuty: null }],
      ['an unknown field', { onDuty: true, shift: 'night' }],
    ])('refuses %s with 400 naming the field', async (_, body) => {
      const res = await setDuty(actors.investigator, body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.length).toBeGreaterThan(0);
    });

    it.each(['requester', 'supervisor', 'admin'] as const)('refuses a %s with 403', async (role) => {
      await setDuty(actors[role], { onDuty: true }).expect(403);
    });
  });

  describe('notifications', () => {
    let urgent: ConsultationJson;

    beforeAll(async () => {
      await setDuty(actors.investigator, { onDuty: true }).expect(200);
      urgent = await fileConsultation(ctx, actors.requester, CRITICAL);
      await triaged(urgent.id);
      await setDuty(actors.investigator, { onDuty: false }).expect(200);
    });

    it("lists the caller's own notifications, newest first, with only the event and the reference", async () => {
      const res = await notifications(actors.investigator).expect(200);
      const items = res.body.items as Record<string, unknown>[];
      expect(items.length).toBeGreaterThan(0);
      expect(items[0]).toEqual({
        id: expect.any(String),
        type: 'consultation.critical',
        consultationId: urgent.id,
        reference: urgent.reference,
        userId: null,
        createdAt: expect.any(String),
        readAt: null,
      });
      const times = items.map((n) => Date.parse(n.createdAt as string));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(JSON.stringify(res.body)).not.toContain(String(consultationBody().summary).slice(0, 20));
      // Nobody else's: investigator2 was off duty then.
      expect(await ofType(actors.investigator2, 'consultation.critical', urgent.id)).toHaveLength(0);
    });

    it('pages with a cursor without skipping or repeating', async () => {
      const all = (await notifications(actors.investigator, '?limit=100').expect(200)).body.items.map(
        (n: { id: string }) => n.id,
      );
      expect(all.length).toBeGreaterThanOrEqual(2);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await notifications(
          actors.investigator,
          `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ).expect(200);
        seen.push(...page.body.items.map((n) => n.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    });

    it('refuses a cursor it did not issue and a limit out of range with 400', async () => {
      await notifications(actors.investigator, '?cursor=not-a-cursor').expect(400);
      await notifications(actors.investigator, '?limit=0').expect(400);
      await notifications(actors.investigator, '?limit=101').expect(400);
    });

    it("marks one read (204, again harmless), and answers someone else's as 404 and audits the attempt", async () => {
      const [mine] = await ofType(actors.investigator, 'consultation.critical', urgent.id);
      const id = (mine as unknown as { id: string }).id;
      await actors.investigator2.auth(ctx.http.post(`/api/v1/notifications/${id}/read`)).expect(404);
      const denied = await auditEvents(ctx, { action: 'access.denied', actorId: actors.investigator2.id });
      expect(denied.at(-1)).toMatchObject({
        resource_type: 'notification',
        resource_id: id,
        outcome: 'denied',
      });

      await actors.investigator.auth(ctx.http.post(`/api/v1/notifications/${id}/read`)).expect(204);
      const readAt = (await ctx.db.query(`SELECT read_at FROM notifications WHERE id = $1`, [id])).rows[0]
        .read_at;
      expect(readAt).not.toBeNull();
      await actors.investigator.auth(ctx.http.post(`/api/v1/notifications/${id}/read`)).expect(204);
      expect(
        (await ctx.db.query(`SELECT read_at FROM notifications WHERE id = $1`, [id])).rows[0].read_at,
      ).toEqual(readAt);
      const listed = (
        await ofType(actors.investigator, 'consultation.critical', urgent.id)
      )[0] as unknown as { readAt: string };
      expect(listed.readAt).toBe(new Date(readAt).toISOString());
    });

    it('answers an unknown id 404 and a malformed one 400', async () => {
      await actors.investigator.auth(ctx.http.post(`/api/v1/notifications/${randomUUID()}/read`)).expect(404);
      await actors.investigator.auth(ctx.http.post('/api/v1/notifications/not-a-uuid/read')).expect(400);
    });

    it('tells the other side of a new message: the assignee of the requester’s, the requester of the staff’s', async () => {
      const filed = await fileConsultation(ctx, actors.requester);
      await triaged(filed.id);
      await actors.investigator2.auth(ctx.http.post(`/api/v1/consultations/${filed.id}/claim`)).expect(200);
      await actors.requester
        .auth(ctx.http.post(`/api/v1/consultations/${filed.id}/messages`))
        .send({ body: 'Is there an update?' })
        .expect(201);
      await waitFor(
        async () => (await ofType(actors.investigator2, 'message.created', filed.id)).length === 1,
        10_000,
        'assignee told',
      );
      expect(await ofType(actors.requester, 'message.created', filed.id)).toHaveLength(0);

      await actors.investigator2
        .auth(ctx.http.post(`/api/v1/consultations/${filed.id}/messages`))
        .send({ body: 'We will call you today.' })
        .expect(201);
      await waitFor(
        async () => (await ofType(actors.requester, 'message.created', filed.id)).length === 1,
        10_000,
        'requester told',
      );
      expect(await ofType(actors.investigator2, 'message.created', filed.id)).toHaveLength(1);
    });
  });

  describe('assignment notifications', () => {
    it('tells an investigator a supervisor assigned them a request, once', async () => {
      const filed = await fileConsultation(ctx, actors.requester);
      await triaged(filed.id);
      await actors.supervisor
        .auth(ctx.http.post(`/api/v1/consultations/${filed.id}/assign`))
        .send({ investigatorId: actors.investigator2.id })
        .expect(200);
      const [told] = await waitFor(async () => {
        const found = await ofType(actors.investigator2, 'consultation.assigned', filed.id);
        return found.length > 0 ? found : null;
      });
      expect(told).toMatchObject({ reference: filed.reference, readAt: null });
      // Assigning the same investigator again changes nothing and tells nobody again.
      await actors.supervisor
        .auth(ctx.http.post(`/api/v1/consultations/${filed.id}/assign`))
        .send({ investigatorId: actors.investigator2.id })
        .expect(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(await ofType(actors.investigator2, 'consultation.assigned', filed.id)).toHaveLength(1);
      expect(await ofType(actors.investigator, 'consultation.assigned', filed.id)).toHaveLength(0);
    });
  });

  describe('escalation', () => {
    it('at a breach records consultation.sla_breached, tells every supervisor, schedules the next round, and does it once', async () => {
      const filed = await fileConsultation(ctx, actors.requester);
      const stored = await triaged(filed.id);
      const dueAt = new Date(stored.sla_due_at).toISOString();
      const payload = { consultationId: filed.id, dueAt, round: 1 };

      await expect(runJob(triageJobs.slaBreach, payload)).resolves.toBe('escalated');
      const events = await auditEvents(ctx, { action: 'consultation.sla_breached', resourceId: filed.id });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_id: null, actor_role: 'system' });
      expect(events[0].details).toMatchObject({ round: 1, priority: 'high' });
      expect(await ofType(actors.supervisor, 'consultation.sla_breached', filed.id)).toHaveLength(1);
      expect(await ofType(actors.investigator, 'consultation.sla_breached', filed.id)).toHaveLength(0);
      const next = await outboxRow(`sla-breach-${filed.id}-${new Date(dueAt).getTime()}-2`);
      expect(next).toHaveLength(1);
      expect(next[0].payload).toEqual({ consultationId: filed.id, dueAt, round: 2 });
      expect(new Date(next[0].run_at).getTime()).toBe(new Date(dueAt).getTime() + 30 * 60_000);

      // Redelivered: nothing new.
      await expect(runJob(triageJobs.slaBreach, payload)).resolves.toBe('duplicate');
      expect(
        await auditEvents(ctx, { action: 'consultation.sla_breached', resourceId: filed.id }),
      ).toHaveLength(1);
      expect(await ofType(actors.supervisor, 'consultation.sla_breached', filed.id)).toHaveLength(1);

      // Once someone takes it, the next round stops the escalation.
      await actors.investigator.auth(ctx.http.post(`/api/v1/consultations/${filed.id}/claim`)).expect(200);
      await expect(runJob(triageJobs.slaBreach, { ...payload, round: 2 })).resolves.toBe('resolved');
      expect(
        await auditEvents(ctx, { action: 'consultation.sla_breached', resourceId: filed.id }),
      ).toHaveLength(1);
      expect(await outboxRow(`sla-breach-${filed.id}-${new Date(dueAt).getTime()}-3`)).toHaveLength(0);
    });

    it('warns every supervisor once when the deadline is near and nobody has taken the request', async () => {
      const filed = await fileConsultation(ctx, actors.requester);
      const stored = await triaged(filed.id);
      const payload = { consultationId: filed.id, dueAt: new Date(stored.sla_due_at).toISOString() };
      await expect(runJob(triageJobs.slaWarning, payload)).resolves.toBe('escalated');
      await expect(runJob(triageJobs.slaWarning, payload)).resolves.toBe('duplicate');
      expect(await ofType(actors.supervisor, 'consultation.sla_warning', filed.id)).toHaveLength(1);
    });

    it('auto-assigns an unclaimed critical request to the least-loaded on-duty investigator and tells them', async () => {
      const urgent = await fileConsultation(ctx, actors.requester, CRITICAL);
      await triaged(urgent.id);
      await expect(runJob(triageJobs.autoAssign, { consultationId: urgent.id })).resolves.toBe(
        'nobody_on_duty',
      );

      await setDuty(actors.investigator, { onDuty: true }).expect(200);
      await setDuty(actors.investigator2, { onDuty: true }).expect(200);
      const load = async (id: string) =>
        (
          await ctx.db.query(
            `SELECT count(*)::int AS n FROM consultations WHERE assignee_id = $1 AND status IN ('assigned', 'in_progress', 'awaiting_requester')`,
            [id],
          )
        ).rows[0].n as number;
      // investigator holds more open requests than investigator2, so the choice is investigator2.
      while ((await load(actors.investigator.id)) <= (await load(actors.investigator2.id))) {
        const extra = await fileConsultation(ctx, actors.requester);
        await triaged(extra.id);
        await actors.investigator.auth(ctx.http.post(`/api/v1/consultations/${extra.id}/claim`)).expect(200);
      }
      const expected = actors.investigator2;

      await expect(runJob(triageJobs.autoAssign, { consultationId: urgent.id })).resolves.toBe('assigned');
      const view = await get(actors.supervisor, urgent.id).expect(200);
      expect(view.body).toMatchObject({ status: 'assigned', assigneeId: expected.id });
      expect(await ofType(expected, 'consultation.assigned', urgent.id)).toHaveLength(1);
      const assigned = await auditEvents(ctx, { action: 'consultation.assign', resourceId: urgent.id });
      expect(assigned).toHaveLength(1);
      expect(assigned[0]).toMatchObject({ actor_role: 'system', actor_id: null });

      await expect(runJob(triageJobs.autoAssign, { consultationId: urgent.id })).resolves.toBe('not_needed');
      await setDuty(actors.investigator, { onDuty: false }).expect(200);
      await setDuty(actors.investigator2, { onDuty: false }).expect(200);
    });
  });

  describe('a person changing the priority', () => {
    const override = (actor: Actor, id: string, priority: string) =>
      actor
        .auth(ctx.http.post(`/api/v1/consultations/${id}/triage`))
        .send({ priority, reason: 'The situation has changed since the request was filed.' });
    /** Waits until the worker has moved the deadline to `expected`. */
    const deadlineMovedTo = (id: string, expected: Date) =>
      waitFor(
        async () => {
          const stored = await row(id);
          return new Date(stored.sla_due_at).getTime() === expected.getTime() ? stored : null;
        },
        10_000,
        `the deadline ${expected.toISOString()} on ${id}`,
        50,
      );

    it('raised to critical: the critical deadline from the filing time, new escalations, and the old ones stand down', async () => {
      await setDuty(actors.investigator, { onDuty: true }).expect(200);
      const filed = await fileConsultation(ctx, actors.requester); // high
      const stored = await triaged(filed.id);
      const createdAt = new Date(stored.created_at);
      const oldDue = new Date(stored.sla_due_at);
      expect(stored.priority).toBe('high');
      // The first breach round of the old deadline fired before the change.
      const oldBreach = { consultationId: filed.id, dueAt: oldDue.toISOString(), round: 1 };
      await expect(runJob(triageJobs.slaBreach, oldBreach)).resolves.toBe('escalated');

      const res = await override(actors.supervisor, filed.id, 'critical').expect(200);
      expect(res.body).toMatchObject({ priority: 'critical' });
      const critical = new Date(createdAt.getTime() + 60 * 60_000);
      await deadlineMovedTo(filed.id, critical);
      const view = await get(actors.requester, filed.id).expect(200);
      expect(view.body).toMatchObject({ priority: 'critical', slaDueAt: critical.toISOString() });
      expect(view.body.version).toBe(res.body.version + 1);
      expect(
        await auditEvents(ctx, { action: 'consultation.sla_rescheduled', resourceId: filed.id }),
      ).toEqual([
        expect.objectContaining({
          actor_id: null,
          actor_role: 'system',
          details: {
            priority: 'critical',
            previousDueAt: oldDue.toISOString(),
            dueAt: critical.toISOString(),
          },
        }),
      ]);

      // The new deadline's escalations, under ids that carry it.
      const ms = critical.getTime();
      const warning = await outboxRow(`sla-warning-${filed.id}-${ms}`);
      expect(warning).toHaveLength(1);
      expect(new Date(warning[0].run_at)).toEqual(new Date(createdAt.getTime() + 45 * 60_000));
      const breach = await outboxRow(`sla-breach-${filed.id}-${ms}-1`);
      expect(breach).toHaveLength(1);
      expect(breach[0].payload).toEqual({
        consultationId: filed.id,
        dueAt: critical.toISOString(),
        round: 1,
      });
      expect(new Date(breach[0].run_at)).toEqual(critical);
      const overriddenAt = (
        await ctx.db.query(`SELECT priority_overridden_at FROM consultations WHERE id = $1`, [filed.id])
      ).rows[0].priority_overridden_at as Date;
      const autoAssign = await outboxRow(`auto-assign-${filed.id}-${ms}`);
      expect(autoAssign).toHaveLength(1);
      expect(new Date(autoAssign[0].run_at)).toEqual(new Date(overriddenAt.getTime() + 10 * 60_000));
      await waitFor(
        async () => (await ofType(actors.investigator, 'consultation.critical', filed.id)).length === 1,
      );

      // Jobs of the old deadline find it gone; the new deadline's first round fires although the old one's did.
      await expect(runJob(triageJobs.slaBreach, { ...oldBreach, round: 2 })).resolves.toBe('superseded');
      await expect(
        runJob(triageJobs.slaWarning, {
          consultationId: filed.id,
          dueAt: oldBreach.dueAt,
        }),
      ).resolves.toBe('superseded');
      await expect(
        runJob(triageJobs.slaBreach, {
          consultationId: filed.id,
          dueAt: critical.toISOString(),
          round: 1,
        }),
      ).resolves.toBe('escalated');
      const breaches = await auditEvents(ctx, { action: 'consultation.sla_breached', resourceId: filed.id });
      expect(breaches.map((e) => e.details.dueAt)).toEqual([oldDue.toISOString(), critical.toISOString()]);

      // The recomputation again (a redelivered job) changes nothing.
      await expect(runJob(consultationJobs.priorityOverridden, { consultationId: filed.id })).resolves.toBe(
        'unchanged',
      );
      expect((await get(actors.requester, filed.id).expect(200)).body.version).toBe(view.body.version);
      await setDuty(actors.investigator, { onDuty: false }).expect(200);
    });

    it('lowered: the later deadline of the lower priority, counted from the filing time', async () => {
      const filed = await fileConsultation(ctx, actors.requester); // high
      const stored = await triaged(filed.id);
      await override(actors.investigator, filed.id, 'low').expect(200);
      const low = computeSlaDueAt(
        'low',
        new Date(stored.created_at),
        DEFAULT_SLA_TARGETS,
        new BusinessCalendar(),
      );
      expect(low.getTime()).toBeGreaterThan(new Date(stored.sla_due_at).getTime());
      await deadlineMovedTo(filed.id, low);
      expect(await outboxRow(`sla-breach-${filed.id}-${low.getTime()}-1`)).toHaveLength(1);
      await expect(
        runJob(triageJobs.slaBreach, {
          consultationId: filed.id,
          dueAt: new Date(stored.sla_due_at).toISOString(),
          round: 1,
        }),
      ).resolves.toBe('superseded');
    });

    it('on a request someone holds: the deadline follows the priority, and nothing is scheduled to escalate', async () => {
      const filed = await fileConsultation(ctx, actors.requester);
      const stored = await triaged(filed.id);
      await actors.investigator.auth(ctx.http.post(`/api/v1/consultations/${filed.id}/claim`)).expect(200);
      await override(actors.investigator, filed.id, 'critical').expect(200);
      const critical = new Date(new Date(stored.created_at).getTime() + 60 * 60_000);
      await deadlineMovedTo(filed.id, critical);
      const scheduled = await ctx.db.query(`SELECT job_id FROM outbox WHERE job_id LIKE $1`, [
        `%-${filed.id}-${critical.getTime()}%`,
      ]);
      expect(scheduled.rows).toEqual([]);
    });
  });

  describe('GET /stats/queue', () => {
    const stats = (actor: Actor, query = '') => actor.auth(ctx.http.get(`/api/v1/stats/queue${query}`));

    it('answers counts by status and priority, open breaches, time to claim and the Bull counts', async () => {
      const late = await fileConsultation(ctx, actors.requester);
      await triaged(late.id);
      await ctx.db.query(`UPDATE consultations SET sla_due_at = now() - interval '1 minute' WHERE id = $1`, [
        late.id,
      ]);
      for (let i = 0; i < 3; i++) {
        const claimed = await fileConsultation(ctx, actors.requester);
        await triaged(claimed.id);
        await actors.investigator
          .auth(ctx.http.post(`/api/v1/consultations/${claimed.id}/claim`))
          .expect(200);
      }
      // Settled before counting: the worker must not change a status between the answer and the check.
      await triaged((await fileConsultation(ctx, actors.requester, CRITICAL)).id);

      const res = await stats(actors.supervisor).expect(200);
      const db = await ctx.db.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM consultations GROUP BY status`,
      );
      for (const { status, n } of db.rows) expect(res.body.byStatus[status]).toBe(n);
      expect(Object.keys(res.body.byStatus).sort()).toEqual([
        'assigned',
        'awaiting_requester',
        'closed',
        'in_progress',
        'submitted',
        'triaged',
        'withdrawn',
      ]);
      const open = await ctx.db.query<{ priority: string; n: number }>(
        `SELECT priority, count(*)::int AS n FROM consultations WHERE priority IS NOT NULL AND status NOT IN ('closed', 'withdrawn') GROUP BY priority`,
      );
      for (const { priority, n } of open.rows) expect(res.body.byPriority[priority]).toBe(n);
      expect(res.body.byPriority.critical).toBeGreaterThan(0);

      const breaches = await ctx.db.query(
        `SELECT count(*)::int AS n FROM consultations WHERE status IN ('submitted', 'triaged') AND assignee_id IS NULL AND sla_due_at < now()`,
      );
      expect(res.body.openBreaches).toBe(breaches.rows[0].n);
      expect(res.body.openBreaches).toBeGreaterThanOrEqual(1);

      const claims = await ctx.db.query<{ seconds: number }>(
        `SELECT extract(epoch FROM first_assigned_at - created_at)::float8 AS seconds FROM consultations WHERE first_assigned_at IS NOT NULL ORDER BY 1`,
      );
      expect(claims.rows.length).toBeGreaterThanOrEqual(3);
      expect(res.body.timeToClaim.count).toBe(claims.rows.length);
      const seconds = claims.rows.map((r) => Number(r.seconds));
      const percentile = (p: number) => {
        const rank = p * (seconds.length - 1);
        const lo = Math.floor(rank);
        return seconds[lo] + (seconds[Math.min(lo + 1, seconds.length - 1)] - seconds[lo]) * (rank - lo);
      };
      expect(res.body.timeToClaim.medianSeconds).toBeCloseTo(percentile(0.5), 0);
      expect(res.body.timeToClaim.p90Seconds).toBeCloseTo(percentile(0.9), 0);

      for (const counts of [res.body.queue, ...Object.values(res.body.queues as object)]) {
        expect(counts).toEqual({
          waiting: expect.any(Number),
          active: expect.any(Number),
          delayed: expect.any(Number),
          failed: expect.any(Number),
        });
      }
      expect(Object.keys(res.body.queues).sort()).toEqual([
        'escalation',
        'mail',
        'maintenance',
        'notification',
        'triage',
      ]);
      // Email is off in this suite: no mail waits or failed.
      expect(res.body.mail).toEqual({ pending: 0, sending: 0, refused: 0, abandoned: 0, skipped: 0 });
      // Every triaged request left a delayed warning and breach job behind.
      expect(res.body.queues.escalation.delayed).toBeGreaterThan(0);
    });

    it('counts only first assignments within the period', async () => {
      const res = await stats(actors.supervisor, `?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z`).expect(
        200,
      );
      expect(res.body.timeToClaim).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
      expect(res.body.from).toBe('2000-01-01T00:00:00.000Z');
    });

    it.each([
      ['a malformed from', '?from=yesterday'],
      ['a malformed to', '?to=2026-13-01T00:00:00Z'],
      ['from after to', '?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'],
      ['an unknown parameter', '?period=week'],
      ['another unknown parameter', '?window=week'],
    ])('refuses %s with 400', async (_, query) => {
      const res = await stats(actors.supervisor, query).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it.each(['requester', 'investigator', 'admin'] as const)('refuses a %s with 403', async (role) => {
      await stats(actors[role]).expect(403);
    });
  });
});
