import { Role } from '@app/identity';
import { randomUUID } from 'node:crypto';
import { Actor, Actors, createAccount, createActors, logIn } from '@app/testing/e2e/actors';
import {
  auditEvents,
  ConsultationJson,
  fileConsultation,
  triageAs,
} from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

/** docs/api.md "Consultation requests": reading, the triage queue and the case workflow. */
describe('Consultation reading and workflow', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('workflow');
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  const url = (id: string, action?: string) => `/api/v1/consultations/${id}${action ? `/${action}` : ''}`;
  const get = (actor: Actor, id: string) => actor.auth(ctx.http.get(url(id)));
  const claim = (actor: Actor, id: string) => actor.auth(ctx.http.post(url(id, 'claim')));
  const assign = (actor: Actor, id: string, investigatorId: string) =>
    actor.auth(ctx.http.post(url(id, 'assign'))).send({ investigatorId });
  const triage = (actor: Actor, id: string, body: object) =>
    actor.auth(ctx.http.post(url(id, 'triage'))).send(body);
  const move = (actor: Actor, id: string, body: object, version?: number | string) => {
    const req = actor.auth(ctx.http.post(url(id, 'transitions')));
    if (version !== undefined) req.set('If-Match', String(version));
    return req.send(body);
  };
  const list = (actor: Actor, query = '') => actor.auth(ctx.http.get(`/api/v1/consultations${query}`));
  const queue = (actor: Actor, query = '') => actor.auth(ctx.http.get(`/api/v1/triage-queue${query}`));
  const expectProblem = (res: { status: number; headers: Record<string, string> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };
  const file = (actor: Actor = actors.requester, overrides: Record<string, unknown> = {}) =>
    fileConsultation(ctx, actor, overrides);
  const workerTriage = (
    id: string,
    priority: 'critical' | 'high' | 'normal' | 'low',
    slaDueAt: Date,
    riskScore = 10,
  ) => triageAs(ctx, id, { riskScore, priority, slaDueAt });
  /** A request that an investigator has claimed and started. */
  const inProgress = async (investigator = actors.investigator) => {
    const created = await file();
    expect((await claim(investigator, created.id)).status).toBe(200);
    const started = await move(investigator, created.id, { to: 'in_progress' });
    expect(started.status).toBe(200);
    return started.body as ConsultationJson;
  };

  describe('GET /consultations/:id', () => {
    it('shows a requester their own request and audits the read', async () => {
      const created = await file();
      const res = await get(actors.requester, created.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created);
      const reads = await auditEvents(ctx, { action: 'consultation.read', resourceId: created.id });
      expect(reads).toEqual([
        expect.objectContaining({
          actor_id: actors.requester.id,
          actor_role: 'requester',
          outcome: 'success',
          details: { status: 'submitted' },
        }),
      ]);
    });

    it("answers 404 for another requester's request and audits it as access.denied on that consultation", async () => {
      const created = await file(actors.requester);
      const res = await get(actors.requester2, created.id);
      expectProblem(res, 404);
      const missing = await get(actors.requester2, randomUUID());
      expectProblem(missing, 404);
      expect({ ...res.body, requestId: '' }).toEqual({ ...missing.body, requestId: '' });
      const denied = await auditEvents(ctx, { action: 'access.denied', resourceId: created.id });
      expect(denied).toEqual([
        expect.objectContaining({
          actor_id: actors.requester2.id,
          actor_role: 'requester',
          outcome: 'denied',
          resource_type: 'consultation',
          details: { attempted: 'consultation.read' },
        }),
      ]);
    });

    it('shows any request to investigators and supervisors', async () => {
      const created = await file();
      for (const actor of [actors.investigator, actors.supervisor]) {
        const res = await get(actor, created.id);
        expect(res.status).toBe(200);
        expect(res.body.summary).toBe(created.summary);
        expect(res.body.priorityOverride).toBeNull();
      }
    });

    it('refuses admins with 403 and never shows them case content', async () => {
      const created = await file();
      const res = await get(actors.admin, created.id);
      expectProblem(res, 403);
      expect(JSON.stringify(res.body)).not.toContain(created.summary);
    });

    it('answers 400 naming the id for an id that is not a UUID', async () => {
      const res = await get(actors.investigator, 'not-a-uuid');
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ field: 'id', message: expect.any(String) }]);
    });
  });

  describe('GET /consultations', () => {
    let mine: ConsultationJson[];
    let theirs: ConsultationJson;
    let owner: Actor;

    beforeAll(async () => {
      owner = await logIn(ctx, await createAccount(ctx, Role.Requester, { organizationId: actors.org.id }));
      mine = [];
      for (let i = 0; i < 5; i++)
        mine.push(await fileConsultation(ctx, owner, { concernTypes: i % 2 ? ['prostitution'] : ['other'] }));
      theirs = await file(actors.requester2);
    });

    it('shows a requester only their own requests, newest first', async () => {
      const res = await list(owner);
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: ConsultationJson) => c.id)).toEqual(mine.map((c) => c.id).reverse());
      expect(res.body.nextCursor).toBeNull();
    });

    it('shows staff every request', async () => {
      const res = await list(actors.supervisor, '?limit=100');
      const ids = res.body.items.map((c: ConsultationJson) => c.id);
      expect(ids).toEqual(expect.arrayContaining([...mine.map((c) => c.id), theirs.id]));
    });

    it('filters by status, priority, assignee and concern type', async () => {
      const claimed = mine[1];
      expect((await claim(actors.investigator2, claimed.id)).status).toBe(200);
      await workerTriage(mine[2].id, 'high', new Date(Date.now() + 3600_000));

      const byStatus = await list(owner, '?status=assigned');
      expect(byStatus.body.items.map((c: ConsultationJson) => c.id)).toEqual([claimed.id]);
      const byAssignee = await list(actors.supervisor, `?assigneeId=${actors.investigator2.id}&limit=100`);
      expect(byAssignee.body.items.map((c: ConsultationJson) => c.id)).toContain(claimed.id);
      expect(
        byAssignee.body.items.every((c: ConsultationJson) => c.assigneeId === actors.investigator2.id),
      ).toBe(true);
      const byPriority = await list(owner, '?priority=high');
      expect(byPriority.body.items.map((c: ConsultationJson) => c.id)).toEqual([mine[2].id]);
      const byConcern = await list(owner, '?concernType=prostitution');
      expect(byConcern.body.items.map((c: ConsultationJson) => c.id)).toEqual([mine[3].id, mine[1].id]);
    });

    it.each([
      ['an unknown status', '?status=open', 'status'],
      ['an unknown priority', '?priority=urgent', 'priority'],
      ['a malformed assignee', '?assigneeId=me', 'assigneeId'],
      ['an unknown concern type', '?concernType=theft', 'concernType'],
      ['a limit of 0', '?limit=0', 'limit'],
      ['a limit of 101', '?limit=101', 'limit'],
      ['a cursor this list did not issue', '?cursor=bm9wZQ', 'cursor'],
      ['an unknown parameter', '?sort=asc', 'sort'],
    ])('refuses %s with a 400 naming the parameter', async (_what, query, field) => {
      const res = await list(actors.investigator, query);
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses admins with 403', async () => {
      expectProblem(await list(actors.admin), 403);
    });

    it.each(['abc', '0', '101', '1.5', '-1', ''])(
      'answers ?limit=%s with one 400 message saying it must be an integer from 1 to 100',
      async (limit) => {
        const res = await list(actors.investigator, `?limit=${limit}`);
        expectProblem(res, 400);
        expect(res.body.errors).toEqual([
          { field: 'limit', message: 'limit must be an integer from 1 to 100' },
        ]);
      },
    );

    it('audits each list page without case text', async () => {
      await list(actors.investigator, '?status=submitted&limit=2');
      const events = await auditEvents(ctx, { action: 'consultation.list', actorId: actors.investigator.id });
      expect(events[events.length - 1].details).toEqual({
        view: 'all',
        filters: ['status'],
        count: expect.any(Number),
      });
    });

    it('pages through every request exactly once while new requests are filed', async () => {
      const pager = await logIn(
        ctx,
        await createAccount(ctx, Role.Requester, { organizationId: actors.org.id }),
      );
      const existing: string[] = [];
      for (let i = 0; i < 23; i++) existing.push((await fileConsultation(ctx, pager)).id);
      const seen: string[] = [];
      const insertedMeanwhile: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        // File two more concurrently with each page read.
        const [page, ...created] = await Promise.all([
          list(pager, query),
          fileConsultation(ctx, pager),
          fileConsultation(ctx, pager),
        ]);
        insertedMeanwhile.push(...created.map((c) => c.id));
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.body.items.map((c: ConsultationJson) => c.id));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      expect(new Set(seen).size).toBe(seen.length);
      const seenExisting = seen.filter((id) => existing.includes(id));
      expect(seenExisting).toEqual([...existing].reverse());
      expect(pages).toBeGreaterThanOrEqual(6);
      expect(insertedMeanwhile.length).toBeGreaterThan(0);
    });
  });

  describe('GET /triage-queue', () => {
    it('lists open, unassigned requests by priority, then deadline, then age', async () => {
      const soon = new Date(Date.now() + 3600_000);
      const later = new Date(Date.now() + 7200_000);
      const lowLater = await file();
      const highLater = await file();
      const highSoon = await file();
      const critical = await file(actors.requester, {
        riskFactors: { immediateDanger: true, childrenInHousehold: false },
      });
      const untriagedOld = await file();
      const normalSoon = await file();
      const claimed = await file();
      const withdrawn = await file();
      await workerTriage(lowLater.id, 'low', later);
      await workerTriage(highLater.id, 'high', later);
      await workerTriage(highSoon.id, 'high', soon);
      await workerTriage(normalSoon.id, 'normal', soon);
      await workerTriage(claimed.id, 'critical', soon);
      expect((await claim(actors.investigator, claimed.id)).status).toBe(200);
      expect((await move(actors.requester, withdrawn.id, { to: 'withdrawn' })).status).toBe(200);

      const expected = [critical.id, highSoon.id, highLater.id, normalSoon.id, untriagedOld.id, lowLater.id];
      const res = await queue(actors.investigator, '?limit=100');
      expect(res.status).toBe(200);
      const ids: string[] = res.body.items
        .map((c: ConsultationJson) => c.id)
        .filter((id: string) => expected.includes(id));
      expect(ids).toEqual(expected);
      const all: string[] = res.body.items.map((c: ConsultationJson) => c.id);
      expect(all).not.toContain(claimed.id);
      expect(all).not.toContain(withdrawn.id);
      expect(
        res.body.items.every(
          (c: ConsultationJson) => ['submitted', 'triaged'].includes(c.status) && c.assigneeId === null,
        ),
      ).toBe(true);

      // The same order page by page.
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await queue(
          actors.supervisor,
          `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status).toBe(200);
        paged.push(...page.body.items.map((c: ConsultationJson) => c.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    });

    it('refuses requesters and admins with 403', async () => {
      expectProblem(await queue(actors.requester), 403);
      expectProblem(await queue(actors.admin), 403);
    });

    it('refuses a cursor from another list', async () => {
      const page = await list(actors.investigator, '?limit=1');
      const res = await queue(actors.investigator, `?cursor=${encodeURIComponent(page.body.nextCursor)}`);
      expectProblem(res, 400);
    });
  });

  describe('POST /consultations/:id/claim', () => {
    it('assigns the request to the calling investigator, bumps the version and audits who took it', async () => {
      const created = await file();
      const res = await claim(actors.investigator, created.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'assigned',
        assigneeId: actors.investigator.id,
        version: created.version + 1,
      });
      const [event] = await auditEvents(ctx, { action: 'consultation.claim', resourceId: created.id });
      expect(event).toMatchObject({
        actor_id: actors.investigator.id,
        outcome: 'success',
        details: { assigneeId: actors.investigator.id },
      });
    });

    it('claims a triaged request too', async () => {
      const created = await file();
      await workerTriage(created.id, 'normal', new Date(Date.now() + 3600_000));
      const res = await claim(actors.investigator, created.id);
      expect(res.body.status).toBe('assigned');
    });

    it('refuses a second claim on a claimed request with 409', async () => {
      const created = await file();
      await claim(actors.investigator, created.id);
      const res = await claim(actors.investigator2, created.id);
      expectProblem(res, 409);
      expect(res.body.detail).toMatch(/someone else/i);
      const again = await get(actors.supervisor, created.id);
      expect(again.body.assigneeId).toBe(actors.investigator.id);
    });

    it('lets exactly one of many concurrent claims win', async () => {
      const investigators = [actors.investigator, actors.investigator2];
      for (let i = 0; i < 4; i++)
        investigators.push(await logIn(ctx, await createAccount(ctx, Role.Investigator)));
      for (let round = 0; round < 5; round++) {
        const created = await file();
        const answers = await Promise.all(investigators.map((inv) => claim(inv, created.id)));
        const statuses = answers.map((r) => r.status).sort();
        expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
        const winner = investigators[answers.findIndex((r) => r.status === 200)];
        const stored = await ctx.db.query(`SELECT assignee_id, version FROM consultations WHERE id = $1`, [
          created.id,
        ]);
        expect(stored.rows[0]).toEqual({ assignee_id: winner.id, version: 2 });
        const claims = await auditEvents(ctx, { action: 'consultation.claim', resourceId: created.id });
        expect(claims.filter((e) => e.outcome === 'success')).toHaveLength(1);
      }
    });

    it('answers 412 for a stale If-Match and 200 for the current one', async () => {
      const created = await file();
      const stale = await actors.investigator
        .auth(ctx.http.post(url(created.id, 'claim')))
        .set('If-Match', '7');
      expectProblem(stale, 412);
      const fresh = await actors.investigator
        .auth(ctx.http.post(url(created.id, 'claim')))
        .set('If-Match', `"${created.version}"`);
      expect(fresh.status).toBe(200);
    });

    it('refuses requesters and admins with 403, and a missing request with 404', async () => {
      const created = await file();
      expectProblem(await claim(actors.requester, created.id), 403);
      expectProblem(await claim(actors.admin, created.id), 403);
      expectProblem(await claim(actors.investigator, randomUUID()), 404);
    });

    it('refuses a claim of a closed request with 409', async () => {
      const started = await inProgress();
      await move(actors.investigator, started.id, { to: 'closed', outcome: 'advice_given' });
      expectProblem(await claim(actors.investigator2, started.id), 409);
    });
  });

  describe('POST /consultations/:id/assign', () => {
    it('lets a supervisor assign an open request to an active investigator', async () => {
      const created = await file();
      const res = await assign(actors.supervisor, created.id, actors.investigator2.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'assigned', assigneeId: actors.investigator2.id, version: 2 });
      const [event] = await auditEvents(ctx, { action: 'consultation.assign', resourceId: created.id });
      expect(event.details).toMatchObject({ assigneeId: actors.investigator2.id, previousAssigneeId: null });
    });

    it('reassigns a request being worked without changing its status', async () => {
      const started = await inProgress();
      const res = await assign(actors.supervisor, started.id, actors.investigator2.id);
      expect(res.body).toMatchObject({
        status: 'in_progress',
        assigneeId: actors.investigator2.id,
        version: started.version + 1,
      });
    });

    it('refuses someone who is not an active investigator with a 400 naming investigatorId', async () => {
      const created = await file();
      const inactive = await createAccount(ctx, Role.Investigator);
      await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [inactive.id]);
      for (const id of [actors.requester.id, actors.supervisor.id, inactive.id, randomUUID()]) {
        const res = await assign(actors.supervisor, created.id, id);
        expectProblem(res, 400);
        expect(res.body.errors).toEqual([
          { field: 'investigatorId', message: expect.stringMatching(/active investigator/) },
        ]);
      }
      expectProblem(await assign(actors.supervisor, created.id, 'nope'), 400);
    });

    it('refuses investigators, requesters and admins with 403', async () => {
      const created = await file();
      for (const actor of [actors.investigator, actors.requester, actors.admin]) {
        expectProblem(await assign(actor, created.id, actors.investigator.id), 403);
      }
    });

    it('refuses assigning a withdrawn request with 409', async () => {
      const created = await file();
      await move(actors.requester, created.id, { to: 'withdrawn' });
      expectProblem(await assign(actors.supervisor, created.id, actors.investigator.id), 409);
    });
  });

  describe('POST /consultations/:id/triage', () => {
    it("overrides the worker's priority with a reason, kept when the worker triages later", async () => {
      const created = await file();
      const res = await triage(actors.investigator, created.id, {
        priority: 'high',
        reason: 'Children present, escalating.',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ priority: 'high', version: 2 });
      expect(res.body.priorityOverride).toMatchObject({
        reason: 'Children present, escalating.',
        overriddenBy: actors.investigator.id,
      });
      expect(await workerTriage(created.id, 'low', new Date(Date.now() + 3600_000))).toEqual({
        priority: 'high',
        status: 'triaged',
      });
      const after = await get(actors.supervisor, created.id);
      expect(after.body).toMatchObject({ priority: 'high', status: 'triaged', riskScore: 10 });
      const events = await auditEvents(ctx, { action: 'consultation.triage', resourceId: created.id });
      expect(events.map((e) => e.details)).toEqual([
        { priority: 'high', previousPriority: null, automatic: false },
        { priority: 'high', riskScore: 10, automatic: true },
      ]);
      const mine = await get(actors.requester, created.id);
      expect(mine.body.priorityOverride).toBeUndefined();
    });

    it('has the worker recompute the deadline: a priority_overridden job in the same transaction', async () => {
      const created = await file();
      const res = await triage(actors.supervisor, created.id, {
        priority: 'critical',
        reason: 'The caller says he is on his way.',
      });
      expect(res.status).toBe(200);
      const { rows } = await ctx.db.query(`SELECT queue, job_name, payload FROM outbox WHERE job_id = $1`, [
        `priority-overridden-${created.id}-${res.body.version}`,
      ]);
      expect(rows).toEqual([
        {
          queue: 'triage',
          job_name: 'consultation.priority_overridden',
          payload: { consultationId: created.id },
        },
      ]);
    });

    it('stores the reason encrypted', async () => {
      const created = await file();
      await triage(actors.supervisor, created.id, {
        priority: 'low',
        reason: 'Reason canary pangolin-5521.',
      });
      const { rows } = await ctx.db.query(
        `SELECT row_to_json(c)::text AS raw FROM consultations c WHERE id = $1`,
        [created.id],
      );
      expect(rows[0].raw).not.toContain('pangolin');
    });

    it('refuses a missing reason or an unknown priority with 400', async () => {
      const created = await file();
      expectProblem(await triage(actors.investigator, created.id, { priority: 'high' }), 400);
      expectProblem(
        await triage(actors.investigator, created.id, { priority: 'urgent', reason: 'because' }),
        400,
      );
    });

    it('refuses requesters and admins with 403, and a closed request with 409', async () => {
      const started = await inProgress();
      expectProblem(
        await triage(actors.requester, started.id, { priority: 'low', reason: 'x'.repeat(5) }),
        403,
      );
      expectProblem(await triage(actors.admin, started.id, { priority: 'low', reason: 'x'.repeat(5) }), 403);
      await move(actors.investigator, started.id, { to: 'closed', outcome: 'referred' });
      expectProblem(
        await triage(actors.investigator, started.id, { priority: 'low', reason: 'too late' }),
        409,
      );
    });
  });

  describe('POST /consultations/:id/transitions', () => {
    it('walks a request through the whole workflow, bumping the version each time and auditing from and to', async () => {
      const created = await file();
      await workerTriage(created.id, 'normal', new Date(Date.now() + 3600_000));
      await claim(actors.investigator, created.id);
      const steps: [string, object][] = [
        ['in_progress', { to: 'in_progress' }],
        [
          'awaiting_requester',
          { to: 'awaiting_requester', reason: 'Asked the teacher for the school’s plan.' },
        ],
        ['in_progress', { to: 'in_progress' }],
        ['closed', { to: 'closed', outcome: 'advice_given' }],
      ];
      let version = (await get(actors.investigator, created.id)).body.version;
      for (const [status, body] of steps) {
        const res = await move(actors.investigator, created.id, body, version);
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(status);
        expect(res.body.version).toBe(version + 1);
        version = res.body.version;
      }
      const closed = await get(actors.requester, created.id);
      expect(closed.body).toMatchObject({ status: 'closed', outcome: 'advice_given' });
      const events = await auditEvents(ctx, { action: 'consultation.transition', resourceId: created.id });
      expect(events.map((e) => [e.details.from, e.details.to])).toEqual([
        ['assigned', 'in_progress'],
        ['in_progress', 'awaiting_requester'],
        ['awaiting_requester', 'in_progress'],
        ['in_progress', 'closed'],
      ]);
      expect(events[3].details.outcome).toBe('advice_given');
      const history = await ctx.db.query(
        `SELECT reason FROM consultation_status_changes WHERE consultation_id = $1 AND reason IS NOT NULL`,
        [created.id],
      );
      expect(history.rows).toHaveLength(1);
      expect(history.rows[0].reason).toMatch(/^v2\./);
    });

    it('requires an outcome to close, and refuses one otherwise', async () => {
      const started = await inProgress();
      const res = await move(actors.investigator, started.id, { to: 'closed' });
      expectProblem(res, 400);
      expect(res.body.errors).toContainEqual({
        field: 'outcome',
        message: expect.stringMatching(/required when closing/),
      });
      expect(res.body.errors.every((e: { field: string }) => e.field === 'outcome')).toBe(true);
      expectProblem(await move(actors.investigator, started.id, { to: 'closed', outcome: 'solved' }), 400);
      expectProblem(
        await move(actors.investigator, started.id, { to: 'awaiting_requester', outcome: 'referred' }),
        400,
      );
    });

    it('answers 409 with the allowed moves for a move the status rules forbid', async () => {
      const created = await file();
      await claim(actors.investigator, created.id);
      const res = await move(actors.investigator, created.id, { to: 'closed', outcome: 'no_action' });
      expectProblem(res, 409);
      expect(res.body).toMatchObject({ status: 409, allowedMoves: ['in_progress'] });
      const events = await auditEvents(ctx, { action: 'consultation.transition', resourceId: created.id });
      expect(events).toEqual([
        expect.objectContaining({
          outcome: 'failure',
          details: expect.objectContaining({ from: 'assigned', to: 'closed' }),
        }),
      ]);
    });

    it('lets only a supervisor reopen a closed request', async () => {
      const started = await inProgress();
      await move(actors.investigator, started.id, { to: 'closed', outcome: 'referred' });
      const byInvestigator = await move(actors.investigator, started.id, { to: 'in_progress' });
      expectProblem(byInvestigator, 409);
      expect(byInvestigator.body.allowedMoves).toEqual([]);
      const bySupervisor = await move(actors.supervisor, started.id, {
        to: 'in_progress',
        reason: 'New information arrived.',
      });
      expect(bySupervisor.status).toBe(200);
      expect(bySupervisor.body).toMatchObject({ status: 'in_progress', outcome: null });
    });

    it.each(['submitted', 'triaged', 'assigned'])(
      'lets a requester withdraw their own %s request',
      async (status) => {
        const created = await file();
        if (status !== 'submitted') await workerTriage(created.id, 'normal', new Date(Date.now() + 3600_000));
        if (status === 'assigned') await claim(actors.investigator, created.id);
        const res = await move(actors.requester, created.id, { to: 'withdrawn' });
        expect(res.status).toBe(200);
        expect(res.body.status).toBe('withdrawn');
        expectProblem(await move(actors.requester, created.id, { to: 'submitted' }), 409);
      },
    );

    it('does not let a requester withdraw a request being worked, nor move it otherwise', async () => {
      const started = await inProgress();
      const withdraw = await move(actors.requester, started.id, { to: 'withdrawn' });
      expectProblem(withdraw, 409);
      expect(withdraw.body.allowedMoves).toEqual([]);
      const fresh = await file();
      const close = await move(actors.requester, fresh.id, { to: 'closed', outcome: 'no_action' });
      expectProblem(close, 409);
      expect(close.body.allowedMoves).toEqual(['withdrawn']);
    });

    it("answers 404 to a requester moving another requester's request, and audits the attempt", async () => {
      const created = await file(actors.requester2);
      expectProblem(await move(actors.requester, created.id, { to: 'withdrawn' }), 404);
      const denied = await auditEvents(ctx, { action: 'access.denied', resourceId: created.id });
      expect(denied).toEqual([
        expect.objectContaining({
          actor_id: actors.requester.id,
          details: { attempted: 'consultation.transition' },
        }),
      ]);
      expect((await get(actors.requester2, created.id)).body.status).toBe('submitted');
    });

    it('does not let the worker move a request by a transition (submitted to triaged)', async () => {
      const created = await file();
      const res = await move(actors.supervisor, created.id, { to: 'triaged' });
      expectProblem(res, 409);
    });

    it('answers 412 for a stale If-Match, and 400 for a malformed one', async () => {
      const started = await inProgress();
      expectProblem(
        await move(actors.investigator, started.id, { to: 'awaiting_requester' }, started.version - 1),
        412,
      );
      const bad = await move(actors.investigator, started.id, { to: 'awaiting_requester' }, 'soon');
      expectProblem(bad, 400);
      expect(bad.body.errors[0].field).toBe('If-Match');
      const ok = await move(
        actors.investigator,
        started.id,
        { to: 'awaiting_requester' },
        `W/"${started.version}"`,
      );
      expect(ok.status).toBe(200);
    });

    it('refuses an investigator moving a case another investigator holds with 409, and lets the assignee and supervisors move it', async () => {
      const created = await file();
      expect((await claim(actors.investigator, created.id)).status).toBe(200);
      const res = await move(actors.investigator2, created.id, { to: 'in_progress' });
      expectProblem(res, 409);
      expect(res.body).toMatchObject({
        detail: 'This request is held by another investigator.',
        status: 409,
        allowedMoves: [],
      });
      expect((await get(actors.supervisor, created.id)).body.status).toBe('assigned');
      const refused = await auditEvents(ctx, {
        action: 'consultation.transition',
        resourceId: created.id,
        actorId: actors.investigator2.id,
      });
      expect(refused).toEqual([
        expect.objectContaining({
          outcome: 'failure',
          details: expect.objectContaining({ from: 'assigned', to: 'in_progress', heldByOther: true }),
        }),
      ]);

      const started = await move(actors.investigator, created.id, { to: 'in_progress' });
      expect(started.status).toBe(200);
      const closing = await move(actors.investigator2, created.id, { to: 'closed', outcome: 'no_action' });
      expectProblem(closing, 409);
      expect(closing.body.allowedMoves).toEqual([]);
      const bySupervisor = await move(actors.supervisor, created.id, { to: 'awaiting_requester' });
      expect(bySupervisor.status).toBe(200);
      const byAssignee = await move(actors.investigator, created.id, { to: 'closed', outcome: 'referred' });
      expect(byAssignee.status).toBe(200);
      expect(byAssignee.body.status).toBe('closed');
    });

    it('takes If-Match: * as any current version, and still parses "n" and W/"n"', async () => {
      const started = await inProgress();
      const any = await move(actors.investigator, started.id, { to: 'awaiting_requester' }, '*');
      expect(any.status).toBe(200);
      expect(any.body.version).toBe(started.version + 1);
      const quoted = await move(
        actors.investigator,
        started.id,
        { to: 'in_progress' },
        `"${any.body.version}"`,
      );
      expect(quoted.status).toBe(200);
      expectProblem(
        await move(actors.investigator, started.id, { to: 'awaiting_requester' }, `W/"${any.body.version}"`),
        412,
      );
      const bad = await move(actors.investigator, started.id, { to: 'awaiting_requester' }, '**');
      expectProblem(bad, 400);
      expect(bad.body.errors[0].field).toBe('If-Match');
    });

    it('refuses an unknown target status and unknown fields with 400, and admins with 403', async () => {
      const created = await file();
      expectProblem(await move(actors.supervisor, created.id, { to: 'deleted' }), 400);
      expectProblem(await move(actors.supervisor, created.id, { to: 'withdrawn', by: 'me' }), 400);
      expectProblem(await move(actors.admin, created.id, { to: 'withdrawn' }), 403);
    });
  });
});
