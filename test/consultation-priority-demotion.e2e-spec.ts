import { Actor, Actors, createActors } from '@app/testing/e2e/actors';
import { auditEvents, fileConsultation, triageAs } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

type Who = 'investigator' | 'supervisor';
type Holder = 'nobody' | 'caller' | 'another';
type Priority = 'critical' | 'high' | 'normal' | 'low';

/**
 * Issue 11, medium item 7 (docs/api.md, POST /consultations/:id/triage): lowering the priority of a
 * request held by someone else, or an immediate-danger request below critical, is for supervisors
 * only: 403 for an investigator, audited as access.denied on the consultation. Raising stays open.
 */
describe('Priority demotion (POST /consultations/:id/triage)', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('demotion');
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  /** A triaged request at `priority`, held as `holder` says from the point of view of `who`. */
  async function request(
    who: Who,
    priority: Priority,
    holder: Holder,
    immediateDanger: boolean,
  ): Promise<string> {
    const filed = await fileConsultation(ctx, actors.requester, {
      riskFactors: { immediateDanger, childrenInHousehold: false },
    });
    await triageAs(ctx, filed.id, {
      riskScore: 10,
      priority,
      triageReasons: [],
      slaDueAt: new Date(Date.now() + 3_600_000),
    });
    const claimer: Actor | null =
      holder === 'nobody'
        ? null
        : holder === 'another'
          ? actors.investigator2
          : who === 'investigator'
            ? actors.investigator
            : null;
    if (claimer) await claimer.auth(ctx.http.post(`/api/v1/consultations/${filed.id}/claim`)).expect(200);
    return filed.id;
  }

  it.each<[string, Who, Priority, Holder, boolean, Priority, 200 | 403]>([
    ['an investigator lowers a request nobody holds', 'investigator', 'high', 'nobody', false, 'low', 200],
    ['an investigator lowers a request they hold', 'investigator', 'high', 'caller', false, 'normal', 200],
    ['an investigator lowers a request another holds', 'investigator', 'high', 'another', false, 'low', 403],
    [
      'an investigator lowers critical to high, another holds it',
      'investigator',
      'critical',
      'another',
      false,
      'high',
      403,
    ],
    [
      'an investigator raises a request another holds',
      'investigator',
      'normal',
      'another',
      false,
      'high',
      200,
    ],
    [
      'an investigator keeps the priority of a request another holds',
      'investigator',
      'high',
      'another',
      false,
      'high',
      200,
    ],
    [
      'an investigator sets immediate danger below critical, nobody holds it',
      'investigator',
      'critical',
      'nobody',
      true,
      'high',
      403,
    ],
    [
      'an investigator sets immediate danger below critical, they hold it',
      'investigator',
      'critical',
      'caller',
      true,
      'low',
      403,
    ],
    [
      'an investigator keeps immediate danger critical',
      'investigator',
      'critical',
      'another',
      true,
      'critical',
      200,
    ],
    ['a supervisor lowers a request another holds', 'supervisor', 'high', 'another', false, 'low', 200],
    [
      'a supervisor sets immediate danger below critical',
      'supervisor',
      'critical',
      'another',
      true,
      'normal',
      200,
    ],
  ])('%s: %s', async (_, who, from, holder, immediateDanger, to, status) => {
    const id = await request(who, from, holder, immediateDanger);
    const before = await actors.supervisor.auth(ctx.http.get(`/api/v1/consultations/${id}`)).expect(200);
    const res = await actors[who]
      .auth(ctx.http.post(`/api/v1/consultations/${id}/triage`))
      .send({ priority: to, reason: 'A reason for the change of priority.' });
    expect(res.status).toBe(status);
    const after = await actors.supervisor.auth(ctx.http.get(`/api/v1/consultations/${id}`)).expect(200);
    const denied = await auditEvents(ctx, { action: 'access.denied', resourceId: id });
    if (status === 200) {
      expect(after.body.priority).toBe(to);
      expect(denied).toHaveLength(0);
      return;
    }
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/supervisor/);
    // Nothing changed, and the attempt is on the case's record.
    expect(after.body).toMatchObject({ priority: from, version: before.body.version });
    expect(after.body.priorityOverride).toBeNull();
    expect(denied).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        actor_id: actors[who].id,
        resource_type: 'consultation',
        details: {
          attempted: 'consultation.triage',
          refused: immediateDanger ? 'immediate_danger_below_critical' : 'held_by_another',
          priority: to,
          previousPriority: from,
        },
      }),
    ]);
    const { rowCount } = await ctx.db.query(`SELECT 1 FROM outbox WHERE job_id LIKE $1`, [
      `priority-overridden-${id}-%`,
    ]);
    expect(rowCount).toBe(0);
  });

  it("shows the refused attempt in the case's access log", async () => {
    const id = await request('investigator', 'high', 'another', false);
    await actors.investigator
      .auth(ctx.http.post(`/api/v1/consultations/${id}/triage`))
      .send({ priority: 'low', reason: 'Lowering it anyway.' })
      .expect(403);
    const log = await actors.supervisor
      .auth(ctx.http.get(`/api/v1/consultations/${id}/access-log`))
      .expect(200);
    expect(log.body.items[0]).toMatchObject({
      action: 'access.denied',
      outcome: 'denied',
      actorId: actors.investigator.id,
      resourceId: id,
    });
  });
});
