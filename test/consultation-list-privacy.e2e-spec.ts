import { Actors, createActors } from '@app/testing/e2e/actors';
import { auditEvents, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';


/**
 * Issue 11, security item 3: lists escape the per-case audit. List items and the triage queue carry
 * no case text (docs/api.md), so reading a case's text is always GET /consultations/:id, audited per
 * case; and a message read (internal notes too) counts as a read of the case in the access log and
 * in the access follow-up.
 */
describe('Lists carry no case text; message reads are reads of the case', () => {
  let ctx: E2eContext;
  let actors: Actors;
  const canary = {
    summary: 'Canary summary kanariefagel-7781 about what happens at home.',
    phone: '+46709990011',
    reason: 'Canary override reason kanariefagel-7782.',
    message: 'Canary message kanariefagel-7783 from the investigator.',
    note: 'Canary internal note kanariefagel-7784 for staff only.',
  };
  let caseId: string;

  beforeAll(async () => {
    ctx = await createE2eContext('listprivacy');
    actors = await createActors(ctx);
    const filed = await fileConsultation(ctx, actors.requester, {
      summary: canary.summary,
      preferredContact: { channel: 'phone', phone: canary.phone },
    });
    caseId = filed.id;
    // A second, queued request so that the queue is not empty after the first one is claimed.
    await fileConsultation(ctx, actors.requester, {
      summary: canary.summary,
      preferredContact: { channel: 'phone', phone: canary.phone },
    });
    const url = `/api/v1/consultations/${caseId}`;
    await actors.investigator
      .auth(ctx.http.post(`${url}/triage`))
      .send({ priority: 'high', reason: canary.reason })
      .expect(200);
    await actors.investigator.auth(ctx.http.post(`${url}/claim`)).expect(200);
    await actors.investigator
      .auth(ctx.http.post(`${url}/messages`))
      .send({ body: canary.message })
      .expect(201);
    await actors.investigator
      .auth(ctx.http.post(`${url}/messages`))
      .send({ body: canary.note, internal: true })
      .expect(201);
  });
  afterAll(() => ctx.close());

  const canaries = Object.values(canary);
  const expectNoCaseText = (body: { items: Record<string, unknown>[] }) => {
    const text = JSON.stringify(body);
    for (const value of canaries) expect(text).not.toContain(value);
    expect(text).not.toContain('kanariefagel');
    for (const item of body.items) {
      expect(item).not.toHaveProperty('summary');
      expect(item).not.toHaveProperty('priorityOverride');
      expect(item).not.toHaveProperty('subject');
      expect(item.preferredContact).toEqual({ channel: expect.any(String) });
    }
  };

  it.each([
    ['the requester', 'requester'],
    ['an investigator', 'investigator'],
    ['a supervisor', 'supervisor'],
  ] as const)('GET /consultations answers %s no case text, but what a list needs', async (_, who) => {
    const res = await actors[who].auth(ctx.http.get('/api/v1/consultations?limit=100')).expect(200);
    expectNoCaseText(res.body);
    const item = res.body.items.find((i: { id: string }) => i.id === caseId);
    expect(item).toEqual({
      id: caseId,
      reference: expect.stringMatching(/^KONS-\d{4}-\d{6}$/),
      status: 'assigned',
      version: expect.any(Number),
      concernTypes: ['domestic_violence'],
      preferredContact: { channel: 'phone' },
      priority: 'high',
      riskScore: null,
      triageReasons: [],
      slaDueAt: null,
      assigneeId: actors.investigator.id,
      requesterId: actors.requester.id,
      organizationId: actors.requester.organizationId,
      outcome: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      // Staff lists name the suggested investigator (none here: nobody on duty); never the requester's.
      ...(who === 'requester' ? {} : { suggestedAssignee: null }),
    });
  });

  it.each([['an investigator', 'investigator'] as const, ['a supervisor', 'supervisor'] as const])(
    'GET /triage-queue answers %s no case text',
    async (_, who) => {
      const res = await actors[who].auth(ctx.http.get('/api/v1/triage-queue?limit=100')).expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expectNoCaseText(res.body);
    },
  );

  it('the text is still there for GET /consultations/:id, audited per case', async () => {
    const res = await actors.supervisor.auth(ctx.http.get(`/api/v1/consultations/${caseId}`)).expect(200);
    expect(res.body.summary).toBe(canary.summary);
    expect(res.body.preferredContact.phone).toBe(canary.phone);
    const reads = await auditEvents(ctx, {
      action: 'consultation.read',
      resourceId: caseId,
      actorId: actors.supervisor.id,
    });
    expect(reads).toHaveLength(1);
  });

  it("puts another investigator's message read (internal notes included) in the case's access log and in the access follow-up as a read", async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const thread = await actors.investigator2
      .auth(ctx.http.get(`/api/v1/consultations/${caseId}/messages`))
      .expect(200);
    expect(thread.body.items.map((m: { body: string }) => m.body)).toEqual([canary.message, canary.note]);
    const [listed] = await auditEvents(ctx, {
      action: 'message.list',
      resourceId: caseId,
      actorId: actors.investigator2.id,
    });
    expect(listed.details).toMatchObject({ status: 'assigned', includeInternal: true, count: 2 });

    const log = await actors.supervisor
      .auth(ctx.http.get(`/api/v1/consultations/${caseId}/access-log?limit=100`))
      .expect(200);
    const entry = log.body.items.find(
      (e: { action: string; actorId: string }) =>
        e.action === 'message.list' && e.actorId === actors.investigator2.id,
    );
    expect(entry).toMatchObject({ resourceType: 'consultation', resourceId: caseId, outcome: 'success' });

    const to = new Date(Date.now() + 60_000).toISOString();
    const report = await actors.supervisor
      .auth(ctx.http.get(`/api/v1/audit-reports/access?from=${from}&to=${to}`))
      .expect(200);
    const reader = report.body.users.find((u: { actorId: string }) => u.actorId === actors.investigator2.id);
    expect(reader).toBeDefined();
    expect(reader.reads).toBe(1);
    expect(reader.readsNotAssignedOrQueued).toMatchObject({
      count: 1,
      eventIds: [entry.id],
      consultationIds: [caseId],
    });
    expect(report.body.rules.readActions).toEqual(['consultation.read', 'message.list']);
  });
});
