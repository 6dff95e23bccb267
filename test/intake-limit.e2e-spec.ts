import { Role } from '@app/identity';
import { Actor, Actors, createAccount, createActors, logIn } from '@app/testing/e2e/actors';
import { auditEvents, consultationBody } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';


const LIMIT = 3;

/**
 * Issue 11, medium item 8: intake flooding. A requester may file INTAKE_LIMIT_PER_HOUR requests in
 * any 60 minutes (counted atomically in PostgreSQL, so it holds for parallel requests and while
 * Redis is down); past it 429 with Retry-After, and supervisors are told once per window.
 * Idempotent replays do not count.
 */
describe('Intake limit per requester (INTAKE_LIMIT_PER_HOUR)', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('intakelimit', { env: { INTAKE_LIMIT_PER_HOUR: String(LIMIT) } });
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  const newRequester = async (): Promise<Actor> =>
    logIn(ctx, await createAccount(ctx, Role.Requester, { organizationId: actors.org.id }));
  const file = (actor: Actor, key?: string, summary?: string) => {
    const req = actor.auth(ctx.http.post('/api/v1/consultations'));
    if (key) req.set('Idempotency-Key', key);
    return req.send(consultationBody(summary ? { summary } : {}));
  };
  const filedBy = async (actor: Actor) =>
    (
      await ctx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM consultations WHERE requester_id = $1`,
        [actor.id],
      )
    ).rows[0].n;

  it('answers 429 with Retry-After past the limit, and files nothing more', async () => {
    const requester = await newRequester();
    for (let i = 0; i < LIMIT; i++) expect((await file(requester)).status).toBe(201);
    const refused = await file(requester);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(3590);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body).toMatchObject({ status: 429, detail: expect.stringContaining('112') });
    expect(await filedBy(requester)).toBe(LIMIT);
    // Another requester is not affected.
    expect((await file(await newRequester())).status).toBe(201);
  });

  it('counts parallel filings atomically: exactly the limit gets through', async () => {
    const requester = await newRequester();
    const answers = await Promise.all(Array.from({ length: 12 }, () => file(requester)));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - LIMIT);
    expect(await filedBy(requester)).toBe(LIMIT);
  });

  it('does not count an idempotent replay, and still answers it at the limit', async () => {
    const requester = await newRequester();
    const first = await file(requester, 'key-1');
    expect(first.status).toBe(201);
    for (let i = 0; i < 5; i++) {
      const replay = await file(requester, 'key-1');
      expect(replay.status).toBe(201);
      expect(replay.body.id).toBe(first.body.id);
    }
    for (let i = 1; i < LIMIT; i++) expect((await file(requester, `key-${i + 1}`)).status).toBe(201);
    expect((await file(requester, 'key-1')).body.id).toBe(first.body.id);
    const refused = await file(requester, 'key-new');
    expect(refused.status).toBe(429);
    // The refused key was not taken: once there is room, the same key files a new request.
    await ctx.db.query(
      `UPDATE intake_rate SET recent = ARRAY(SELECT t - interval '61 minutes' FROM unnest(recent) t) WHERE requester_id = $1`,
      [requester.id],
    );
    const later = await file(requester, 'key-new');
    expect(later.status).toBe(201);
    expect(await filedBy(requester)).toBe(LIMIT + 1);
  });

  it('lets the window slide: a filing that is an hour old no longer counts', async () => {
    const requester = await newRequester();
    for (let i = 0; i < LIMIT; i++) expect((await file(requester)).status).toBe(201);
    expect((await file(requester)).status).toBe(429);
    // Age only the oldest filing past the hour: exactly one more fits.
    await ctx.db.query(
      `UPDATE intake_rate SET recent[1] = recent[1] - interval '61 minutes' WHERE requester_id = $1`,
      [requester.id],
    );
    expect((await file(requester)).status).toBe(201);
    const refused = await file(requester);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
  });

  it('does not count a refused filing (identifying data) against the limit', async () => {
    const requester = await newRequester();
    for (let i = 0; i < 4; i++) {
      expect(
        (await file(requester, undefined, 'The mother, 811228-9874, is hit by the father at home.')).status,
      ).toBe(400);
    }
    for (let i = 0; i < LIMIT; i++) expect((await file(requester)).status).toBe(201);
  });

  const limitNotifications = async (requester: Actor) =>
    (
      await ctx.db.query<{ recipient_id: string; consultation_id: string; reference: string }>(
        `SELECT n.recipient_id, n.consultation_id, n.reference FROM notifications n
         JOIN consultations c ON c.id = n.consultation_id
         WHERE n.type = 'intake.limit_reached' AND c.requester_id = $1 ORDER BY n.created_at`,
        [requester.id],
      )
    ).rows;

  it('tells every supervisor and audits hitting the limit once per window, however often it is hit', async () => {
    const requester = await newRequester();
    let latest = '';
    for (let i = 0; i < LIMIT; i++) latest = (await file(requester)).body.id;
    for (let i = 0; i < 4; i++) expect((await file(requester)).status).toBe(429);
    const events = await auditEvents(ctx, { action: 'intake.limit_reached', resourceId: requester.id });
    expect(events).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        actor_id: requester.id,
        actor_role: 'requester',
        resource_type: 'user',
        details: { limit: LIMIT, windowSeconds: 3600, supervisorsNotified: 1 },
      }),
    ]);
    const [told] = await limitNotifications(requester);
    expect(await limitNotifications(requester)).toHaveLength(1);
    expect(told).toMatchObject({ recipient_id: actors.supervisor.id, consultation_id: latest });
    // The supervisor sees it among their notifications (no case text: the type and the reference).
    const inbox = await actors.supervisor.auth(ctx.http.get('/api/v1/notifications?limit=100')).expect(200);
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        type: 'intake.limit_reached',
        consultationId: latest,
        reference: told.reference,
      }),
    );
    // An hour after the alert, hitting it again is told again.
    await ctx.db.query(
      `UPDATE intake_rate SET alerted_at = alerted_at - interval '61 minutes' WHERE requester_id = $1`,
      [requester.id],
    );
    expect((await file(requester)).status).toBe(429);
    expect(await auditEvents(ctx, { action: 'intake.limit_reached', resourceId: requester.id })).toHaveLength(
      2,
    );
    expect(await limitNotifications(requester)).toHaveLength(2);
  });
});
