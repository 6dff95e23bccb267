import { randomUUID } from 'node:crypto';
import { Actor, Actors, createActors } from '@app/testing/e2e/actors';
import { auditEvents, ConsultationJson, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

interface MessageJson {
  id: string;
  consultationId: string;
  authorId: string;
  authorRole: string;
  body: string;
  internal: boolean;
  createdAt: string;
}

/** docs/api.md "Consultation requests": POST and GET /consultations/:id/messages. */
describe('Consultation messages', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('messages');
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  const path = (id: string) => `/api/v1/consultations/${id}/messages`;
  const write = (actor: Actor, id: string, body: object) => actor.auth(ctx.http.post(path(id))).send(body);
  const read = (actor: Actor, id: string, query = '') => actor.auth(ctx.http.get(`${path(id)}${query}`));
  const expectProblem = (res: { status: number; headers: Record<string, string> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };
  const claimed = async (): Promise<ConsultationJson> => {
    const created = await fileConsultation(ctx, actors.requester);
    expect(
      (await actors.investigator.auth(ctx.http.post(`/api/v1/consultations/${created.id}/claim`))).status,
    ).toBe(200);
    return created;
  };

  it('lets the requester and staff write messages, answering 201 with the message', async () => {
    const created = await claimed();
    const mine = await write(actors.requester, created.id, {
      body: 'Is there anything more you need from me?',
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      consultationId: created.id,
      authorId: actors.requester.id,
      authorRole: 'requester',
      body: 'Is there anything more you need from me?',
      internal: false,
      createdAt: expect.any(String),
    });
    const reply = await write(actors.investigator, created.id, {
      body: 'Thank you, we will call you today.',
    });
    expect(reply.status).toBe(201);
    const supervisor = await write(actors.supervisor, created.id, {
      body: 'Supervisor note for the team.',
      internal: true,
    });
    expect(supervisor.status).toBe(201);
    expect(supervisor.body.internal).toBe(true);
  });

  it('refuses new messages on a closed request with 409 until a supervisor reopens it, and still shows the old ones', async () => {
    const created = await claimed();
    const move = (actor: Actor, body: object) =>
      actor.auth(ctx.http.post(`/api/v1/consultations/${created.id}/transitions`)).send(body);
    expect((await write(actors.requester, created.id, { body: 'Before it was closed.' })).status).toBe(201);
    expect((await move(actors.investigator, { to: 'in_progress' })).status).toBe(200);
    expect((await move(actors.investigator, { to: 'closed', outcome: 'advice_given' })).status).toBe(200);

    for (const actor of [actors.requester, actors.investigator, actors.supervisor]) {
      const res = await write(actor, created.id, { body: 'After it was closed.' });
      expectProblem(res, 409);
      expect(res.body).toMatchObject({ status: 409 });
      expect(res.body.detail).toMatch(/closed request takes no new messages/);
    }
    const listed = await read(actors.requester, created.id);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m: MessageJson) => m.body)).toEqual(['Before it was closed.']);
    const refused = await auditEvents(ctx, { action: 'message.create', resourceId: created.id });
    expect(refused.filter((e) => e.outcome === 'failure')).toHaveLength(3);
    const stored = await ctx.db.query(
      `SELECT count(*)::int AS n FROM consultation_messages WHERE consultation_id = $1`,
      [created.id],
    );
    expect(stored.rows[0].n).toBe(1);

    expect((await move(actors.supervisor, { to: 'in_progress', reason: 'New facts.' })).status).toBe(200);
    expect((await write(actors.requester, created.id, { body: 'After it was reopened.' })).status).toBe(201);
  });

  it('refuses new messages on a withdrawn request with 409', async () => {
    const created = await fileConsultation(ctx, actors.requester);
    const withdrawn = await actors.requester
      .auth(ctx.http.post(`/api/v1/consultations/${created.id}/transitions`))
      .send({ to: 'withdrawn' });
    expect(withdrawn.status).toBe(200);
    expectProblem(await write(actors.requester, created.id, { body: 'One more thing.' }), 409);
    expectProblem(await write(actors.investigator, created.id, { body: 'Noted.', internal: true }), 409);
    expect((await read(actors.investigator, created.id)).status).toBe(200);
  });

  it('never shows internal notes to the requester, and shows them to staff', async () => {
    const created = await claimed();
    await write(actors.requester, created.id, { body: 'First, from the requester.' });
    await write(actors.investigator, created.id, {
      body: 'Internal: check earlier contacts.',
      internal: true,
    });
    await write(actors.investigator, created.id, { body: 'Reply to the requester.' });
    const requesterView = await read(actors.requester, created.id);
    expect(requesterView.status).toBe(200);
    expect(requesterView.body.items.map((m: MessageJson) => m.body)).toEqual([
      'First, from the requester.',
      'Reply to the requester.',
    ]);
    expect(JSON.stringify(requesterView.body)).not.toContain('Internal: check');
    const staffView = await read(actors.supervisor, created.id);
    expect(staffView.body.items.map((m: MessageJson) => [m.body, m.internal])).toEqual([
      ['First, from the requester.', false],
      ['Internal: check earlier contacts.', true],
      ['Reply to the requester.', false],
    ]);
  });

  it('refuses internal notes from a requester with 403, audited as access.denied on the case', async () => {
    const created = await claimed();
    const res = await write(actors.requester, created.id, { body: 'Trying to hide this.', internal: true });
    expectProblem(res, 403);
    expect((await read(actors.supervisor, created.id)).body.items).toEqual([]);
    const denied = await auditEvents(ctx, { action: 'access.denied', resourceId: created.id });
    expect(denied).toEqual([
      expect.objectContaining({
        actor_id: actors.requester.id,
        outcome: 'denied',
        resource_type: 'consultation',
        details: { attempted: 'message.create', internal: true },
      }),
    ]);
    expect(JSON.stringify(denied)).not.toContain('Trying to hide');
  });

  it('lists oldest first, page by page, while messages are being written', async () => {
    const created = await claimed();
    const written: string[] = [];
    for (let i = 0; i < 7; i++)
      written.push((await write(actors.requester, created.id, { body: `Message ${i}` })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const [page] = await Promise.all([
        read(actors.investigator, created.id, query),
        write(actors.investigator, created.id, { body: 'Meanwhile' }),
      ]);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((m: MessageJson) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 40);
    expect(seen.slice(0, 7)).toEqual(written);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses identifying data in a de-identified request, saying what and why', async () => {
    const created = await claimed();
    const res = await write(actors.requester, created.id, {
      body: 'Her number is 811228-9874, please call.',
    });
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([
      { field: 'body', message: expect.stringMatching(/personal identity number.*de-identified/) },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('811228');
    const staff = await write(actors.investigator, created.id, {
      body: 'Mail me at investigator@kommun.example.se',
      internal: true,
    });
    expectProblem(staff, 400);
    expect(staff.body.errors[0]).toEqual({ field: 'body', message: expect.stringMatching(/email address/) });
  });

  it('accepts identifying data when the request identifies the person', async () => {
    const created = await fileConsultation(ctx, actors.requester, { subject: { identified: true } });
    const res = await write(actors.requester, created.id, {
      body: 'Her number is 811228-9874, please call.',
    });
    expect(res.status).toBe(201);
  });

  it("answers 404 for another requester's request, audited as access.denied, and 404 for none", async () => {
    const created = await claimed();
    expectProblem(await write(actors.requester2, created.id, { body: 'Probing.' }), 404);
    expectProblem(await read(actors.requester2, created.id), 404);
    expectProblem(await read(actors.investigator, randomUUID()), 404);
    const denied = await auditEvents(ctx, { action: 'access.denied', resourceId: created.id });
    expect(denied.map((e) => [e.actor_id, e.details.attempted])).toEqual([
      [actors.requester2.id, 'message.create'],
      [actors.requester2.id, 'message.list'],
    ]);
  });

  it('refuses admins with 403', async () => {
    const created = await claimed();
    expectProblem(await write(actors.admin, created.id, { body: 'Hello' }), 403);
    expectProblem(await read(actors.admin, created.id), 403);
  });

  it.each([
    ['an empty body', { body: '' }],
    ['only spaces', { body: '   ' }],
    ['a body over 5000 characters', { body: 'x'.repeat(5001) }],
    ['a number', { body: 42 }],
    ['a string for internal', { body: 'Hello', internal: 'yes' }],
    ['a null internal', { body: 'Hello', internal: null }],
    ['an unknown field', { body: 'Hello', authorId: randomUUID() }],
  ])('refuses %s with 400', async (_what, body) => {
    const created = await claimed();
    expectProblem(await write(actors.investigator, created.id, body), 400);
  });

  it('stores message bodies only encrypted', async () => {
    const created = await claimed();
    await write(actors.requester, created.id, { body: 'Message canary axolotl-8812 for the raw row check.' });
    const { rows } = await ctx.db.query(
      `SELECT row_to_json(m)::text AS raw FROM consultation_messages m WHERE consultation_id = $1`,
      [created.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].raw).not.toContain('axolotl');
    expect(rows[0].raw).toMatch(/"body":"v2\./);
  });

  it('writes a notification job in the same transaction, for the other participants only', async () => {
    const created = await claimed();
    const fromRequester = await write(actors.requester, created.id, { body: 'A question.' });
    const note = await write(actors.investigator, created.id, { body: 'A note.', internal: true });
    const fromInvestigator = await write(actors.investigator, created.id, { body: 'An answer.' });
    const fromSupervisor = await write(actors.supervisor, created.id, { body: 'A remark.' });
    const supervisorNote = await write(actors.supervisor, created.id, {
      body: 'A staff note.',
      internal: true,
    });
    const unassigned = await fileConsultation(ctx, actors.requester);
    const toNobody = await write(actors.requester, unassigned.id, { body: 'Anyone?' });
    const jobs = await ctx.db.query(
      `SELECT job_name, job_id, payload FROM outbox WHERE job_name = 'notification.create' AND payload->>'consultationId' = ANY($1)`,
      [[created.id, unassigned.id]],
    );
    const byJob = Object.fromEntries(jobs.rows.map((r) => [r.job_id, r.payload]));
    // Mail goes only to the other side of the case (docs/mail.md).
    expect(byJob[`message-${fromRequester.body.id}`]).toEqual({
      consultationId: created.id,
      event: 'message.created',
      recipientIds: [actors.investigator.id],
      mailRecipientIds: [actors.investigator.id],
    });
    expect(byJob[`message-${fromInvestigator.body.id}`]).toEqual({
      consultationId: created.id,
      event: 'message.created',
      recipientIds: [actors.requester.id],
      mailRecipientIds: [actors.requester.id],
    });
    expect(byJob[`message-${fromSupervisor.body.id}`]).toEqual({
      consultationId: created.id,
      event: 'message.created',
      recipientIds: [actors.requester.id, actors.investigator.id],
      mailRecipientIds: [actors.requester.id],
    });
    // A supervisor's internal note tells the assignee in the app, and nobody by mail.
    expect(byJob[`message-${supervisorNote.body.id}`]).toEqual({
      consultationId: created.id,
      event: 'message.created',
      recipientIds: [actors.investigator.id],
      mailRecipientIds: [],
    });
    // The requester writing on a request nobody holds: every supervisor is told.
    expect(byJob[`message-${toNobody.body.id}`]).toEqual({
      consultationId: unassigned.id,
      event: 'message.created',
      recipientIds: [],
      mailRecipientIds: [],
      supervisors: true,
    });
    // An internal note by the assignee has nobody to tell: never the requester.
    expect(byJob[`message-${note.body.id}`]).toBeUndefined();
    expect(JSON.stringify(jobs.rows)).not.toMatch(/question|answer|remark|note|anyone/i);
  });

  it('audits message writes and reads without the text', async () => {
    const created = await claimed();
    const msg = await write(actors.requester, created.id, { body: 'Audit canary okapi-1234.' });
    await read(actors.investigator, created.id);
    const created_ = await auditEvents(ctx, { action: 'message.create', resourceId: created.id });
    expect(created_).toEqual([
      expect.objectContaining({
        actor_id: actors.requester.id,
        resource_type: 'consultation',
        details: { messageId: msg.body.id, internal: false },
      }),
    ]);
    const listed = await auditEvents(ctx, { action: 'message.list', resourceId: created.id });
    expect(listed).toEqual([
      expect.objectContaining({
        actor_id: actors.investigator.id,
        details: { status: 'assigned', count: 1, includeInternal: true },
      }),
    ]);
    expect(JSON.stringify([...created_, ...listed])).not.toContain('okapi');
  });
});
