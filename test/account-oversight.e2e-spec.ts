import { Role } from '@app/identity';
import { Actor, Actors, createActors, createAccount, logIn } from '@app/testing/e2e/actors';
import { fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

/**
 * Issue 11: what admins do is visible (staff-role alerts, audited listings, refused attempts on
 * the record they aimed at), emails have one normal form at creation, and a PATCH that sets nothing
 * changes nothing.
 */
describe('Account oversight', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let supervisor2: Actor;
  let counter = 0;

  beforeAll(async () => {
    ctx = await createE2eContext('accountoversight');
    actors = await createActors(ctx);
    supervisor2 = await logIn(ctx, await createAccount(ctx, Role.Supervisor));
  });
  afterAll(() => ctx.close());

  const asAdmin = {
    get: (url: string) => actors.admin.auth(ctx.http.get(url)),
    post: (url: string, body: object) => actors.admin.auth(ctx.http.post(url)).send(body),
    patch: (url: string, body: object) => actors.admin.auth(ctx.http.patch(url)).send(body),
  };
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    email: `oversight-${Date.now()}-${counter++}@test.example`,
    displayName: 'New Person',
    role: 'requester',
    organizationId: actors.org.id,
    password: 'a-long-enough-password',
    ...overrides,
  });
  const notificationsOf = async (actor: Actor) =>
    (await actor.auth(ctx.http.get('/api/v1/notifications?limit=100')).expect(200)).body.items as Record<
      string,
      unknown
    >[];
  const auditOf = async (action: string, resourceId: string) =>
    (
      await ctx.db.query(
        `SELECT actor_id, actor_role, resource_type, details FROM audit_events WHERE action = $1 AND resource_id = $2 ORDER BY seq`,
        [action, resourceId],
      )
    ).rows;

  describe('supervisors are told when an account gets a staff role', () => {
    it('on creation with a staff role: every active supervisor is told of the pending grant (account.role_grant_requested), and it is audited', async () => {
      const res = await asAdmin.post(
        '/api/v1/users',
        newUser({ role: 'supervisor', organizationId: undefined, password: undefined }),
      );
      expect(res.status).toBe(202);
      for (const supervisor of [actors.supervisor, supervisor2]) {
        const alerts = (await notificationsOf(supervisor)).filter((n) => n.userId === res.body.userId);
        expect(alerts).toEqual([
          {
            id: expect.any(String),
            type: 'account.role_grant_requested',
            consultationId: null,
            reference: null,
            userId: res.body.userId,
            createdAt: expect.any(String),
            readAt: null,
          },
        ]);
      }
      // The new account is not told about itself; investigators are not told at all.
      const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1`, [res.body.userId]);
      expect(rows[0].n).toBe(0);
      expect((await notificationsOf(actors.investigator)).filter((n) => n.userId === res.body.userId)).toEqual(
        [],
      );
      expect(await auditOf('user.staff_alert', res.body.userId)).toEqual([
        {
          actor_id: actors.admin.id,
          actor_role: 'admin',
          resource_type: 'user',
          details: {
            alert: 'account.role_grant_requested',
            role: 'supervisor',
            previousRole: null,
            passwordSetByOther: false,
            supervisorsNotified: 2,
          },
        },
      ]);
    });

    it('on a change by PATCH (a requester asked for as investigator, then made admin at once); not for a requester or a name change', async () => {
      const created = await asAdmin.post('/api/v1/users', newUser());
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect((await asAdmin.patch(`/api/v1/users/${id}`, { displayName: 'Renamed' })).status).toBe(200);
      expect((await notificationsOf(actors.supervisor)).filter((n) => n.userId === id)).toEqual([]);

      expect((await asAdmin.patch(`/api/v1/users/${id}`, { role: 'investigator' })).status).toBe(202);
      expect((await asAdmin.patch(`/api/v1/users/${id}`, { role: 'admin' })).status).toBe(200);
      const alerts = (await notificationsOf(actors.supervisor)).filter((n) => n.userId === id);
      expect(alerts.map((n) => n.type)).toEqual(['account.staff_role_granted', 'account.role_grant_requested']);
      expect(
        (await auditOf('user.staff_alert', id)).map((r) => [r.details.alert, r.details.previousRole, r.details.role]),
      ).toEqual([
        ['account.role_grant_requested', 'requester', 'investigator'],
        ['account.staff_role_granted', 'requester', 'admin'],
      ]);
      // Notifications about accounts carry no case text: the listing shape is the documented one.
      for (const alert of alerts)
        expect(Object.keys(alert).sort()).toEqual([
          'consultationId',
          'createdAt',
          'id',
          'readAt',
          'reference',
          'type',
          'userId',
        ]);
      // And they can be marked read like any other.
      await actors.supervisor.auth(ctx.http.post(`/api/v1/notifications/${alerts[0].id}/read`)).expect(204);
    });
  });

  describe('PATCH /users/:id that sets nothing', () => {
    it('is a 400 and leaves the version alone (null is not a value)', async () => {
      const created = await asAdmin.post('/api/v1/users', newUser());
      const id = created.body.id as string;
      for (const body of [{ displayName: null }, { displayName: null, role: null, active: null }, {}]) {
        const res = await asAdmin.patch(`/api/v1/users/${id}`, body);
        expect(res.status).toBe(400);
      }
      const { rows } = await ctx.db.query(`SELECT version FROM users WHERE id = $1`, [id]);
      expect(rows[0].version).toBe(created.body.version);
      expect(await auditOf('user.update', id)).toEqual([]);
    });
  });

  describe('admin listings are audited', () => {
    it('GET /users is user.list with the filters and the count; GET /organizations is organization.list', async () => {
      const users = await asAdmin.get('/api/v1/users?role=supervisor&limit=5').expect(200);
      const orgs = await asAdmin.get('/api/v1/organizations?limit=3').expect(200);
      const rows = async (action: string) =>
        (
          await ctx.db.query(
            `SELECT actor_id, details FROM audit_events WHERE action = $1 ORDER BY seq DESC LIMIT 1`,
            [action],
          )
        ).rows[0];
      expect(await rows('user.list')).toEqual({
        actor_id: actors.admin.id,
        details: { role: 'supervisor', cursor: false, count: users.body.items.length },
      });
      expect(await rows('organization.list')).toEqual({
        actor_id: actors.admin.id,
        details: { cursor: false, count: orgs.body.items.length },
      });
    });
  });

  describe('emails have one normal form at creation', () => {
    it('answers 409 for a Unicode variant of an existing email (İ for i, full-width letters)', async () => {
      const body = newUser({ email: `iris-${Date.now()}@test.example` });
      expect((await asAdmin.post('/api/v1/users', body)).status).toBe(201);
      expect(
        (await asAdmin.post('/api/v1/users', { ...body, email: body.email.replace(/i/g, 'İ') })).status,
      ).toBe(409);
      expect(
        (await asAdmin.post('/api/v1/users', { ...body, email: body.email.replace('iris', 'ｉｒｉｓ') }))
          .status,
      ).toBe(409);
    });
  });

  describe('a route-level 403 is audited on the record it aimed at', () => {
    it('an admin’s GET /consultations/:id is access.denied on that consultation, and shows in its access log', async () => {
      const consultation = await fileConsultation(ctx, actors.requester);
      const res = await actors.admin.auth(ctx.http.get(`/api/v1/consultations/${consultation.id}`));
      expect(res.status).toBe(403);
      expect(await auditOf('access.denied', consultation.id)).toEqual([
        {
          actor_id: actors.admin.id,
          actor_role: 'admin',
          resource_type: 'consultation',
          details: {
            reason: 'role_lacks_permission',
            permission: 'consultation.read',
            route: 'GET /api/v1/consultations/:id',
          },
        },
      ]);
      const log = await actors.supervisor
        .auth(ctx.http.get(`/api/v1/consultations/${consultation.id}/access-log`))
        .expect(200);
      expect(log.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'access.denied', actorId: actors.admin.id }),
        ]),
      );
    });
  });
});
