import { Permission, Role } from '@app/identity';
import {
  Actor,
  Actors,
  createAccount,
  createActors,
  logIn,
  loginAs,
  TEST_PASSWORD,
  testPasswordHash,
} from '@app/testing/e2e/actors';
import { fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { enrolAtLogin } from '@app/testing/e2e/mfa-support';
import { registeredRoutes } from '@app/testing/e2e/registered-routes';
import { pendingGrants, requestStaff } from '@app/testing/e2e/staff-grants';

/**
 * Two-person staff-role grants (issue 14; api.md "Accounts", docs/accounts.md "Role grants"): an
 * admin asks for investigator or supervisor, a supervisor other than the account decides.
 */
describe('Staff-role grants', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let supervisor2: Actor;

  beforeAll(async () => {
    ctx = await createE2eContext('rolegrants', { env: { THROTTLE_IP_LIMIT: '10000' } });
    actors = await createActors(ctx);
    supervisor2 = await logIn(ctx, await createAccount(ctx, Role.Supervisor));
  });
  afterAll(() => ctx.close());

  const approve = (supervisor: Actor, grantId: string) =>
    supervisor.auth(ctx.http.post(`/api/v1/role-grants/${grantId}/approve`)).send();
  const reject = (supervisor: Actor, grantId: string, reason = 'Not on the investigation team.') =>
    supervisor.auth(ctx.http.post(`/api/v1/role-grants/${grantId}/reject`)).send({ reason });
  const patchUser = (id: string, body: object) =>
    actors.admin.auth(ctx.http.patch(`/api/v1/users/${id}`)).send(body);
  const bearer = (token: string) => ({
    set: (r: ReturnType<E2eContext['http']['get']>) => r.set('Authorization', `Bearer ${token}`),
  });
  const audit = async (action: string, resourceId: string) =>
    (
      await ctx.db.query(
        `SELECT actor_id, actor_role, outcome, resource_type, details FROM audit_events WHERE action = $1 AND resource_id = $2 ORDER BY seq`,
        [action, resourceId],
      )
    ).rows;
  const alertsAbout = async (recipient: Actor, userId: string) =>
    (
      (await recipient.auth(ctx.http.get('/api/v1/notifications?limit=100')).expect(200)).body.items as {
        type: string;
        userId: string;
      }[]
    )
      .filter((n) => n.userId === userId)
      .map((n) => n.type);
  const roleOf = async (id: string) =>
    (await ctx.db.query(`SELECT role FROM users WHERE id = $1`, [id])).rows[0].role as string | null;

  describe('asking for a staff role', () => {
    it('creating an investigator answers 202 with the pending grant; the account has no role and its role shows as pending', async () => {
      const { res, account } = await requestStaff(ctx, actors.admin, 'investigator');
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        grantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'pending',
        userId: account.id,
        requestedRole: 'investigator',
        user: expect.objectContaining({
          id: account.id,
          email: account.email,
          role: null,
          pendingRole: 'investigator',
        }),
      });
      expect(await roleOf(account.id)).toBeNull();
      const listed = await actors.admin.auth(ctx.http.get('/api/v1/users?limit=100')).expect(200);
      expect(listed.body.items.find((u: { id: string }) => u.id === account.id)).toMatchObject({
        role: null,
        pendingRole: 'investigator',
      });
      expect(await audit('user.create', account.id)).toEqual([
        expect.objectContaining({
          actor_id: actors.admin.id,
          details: { role: null, requestedRole: 'investigator', organizationId: null },
        }),
      ]);
      expect(await audit('role_grant.request', res.body.grantId)).toEqual([
        {
          actor_id: actors.admin.id,
          actor_role: 'admin',
          outcome: 'success',
          resource_type: 'role_grant',
          details: { userId: account.id, role: 'investigator', previousRole: null, newAccount: true },
        },
      ]);
    });

    it('a pending account reaches only its own session: every other route is 403, audited with actor role none', async () => {
      const { account } = await requestStaff(ctx, actors.admin, 'supervisor');
      const login = await loginAs(ctx, account.email, account.password);
      expect(login.user).toMatchObject({ role: null, pendingRole: 'supervisor' });
      const me = await bearer(login.accessToken).set(ctx.http.get('/api/v1/auth/me')).expect(200);
      expect(me.body).toMatchObject({ id: account.id, role: null, pendingRole: 'supervisor' });

      const consultation = await fileConsultation(ctx, actors.requester);
      const refused: string[] = [];
      const passed: string[] = [];
      for (const route of registeredRoutes(ctx.app).filter((r) => !r.isPublic)) {
        const url = route.path.replace(/:([A-Za-z]+)/g, () => consultation.id);
        const call = () => {
          const req = bearer(login.accessToken).set(ctx.http[route.method.toLowerCase() as 'get'](url));
          return ['GET', 'DELETE'].includes(route.method) ? req : req.send({});
        };
        if (route.permission === Permission.SessionSelf) {
          if (route.path.endsWith('/logout')) continue; // ends the login: checked below
          passed.push(`${route.method} ${route.path}`);
          expect([401, 403]).not.toContain((await call()).status);
          continue;
        }
        const res = await call();
        expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 403,
        });
        refused.push(`${route.method} ${route.path}`);
      }
      expect(refused).toEqual(
        expect.arrayContaining([
          'GET /api/v1/consultations/:id',
          'GET /api/v1/triage-queue',
          'POST /api/v1/role-grants/:id/approve',
        ]),
      );
      expect(passed).toContain('GET /api/v1/auth/me');
      const { rows } = await ctx.db.query(
        `SELECT DISTINCT actor_role, details->>'reason' AS reason FROM audit_events WHERE action = 'access.denied' AND actor_id = $1`,
        [account.id],
      );
      expect(rows).toEqual([{ actor_role: 'none', reason: 'role_lacks_permission' }]);
      await bearer(login.accessToken).set(ctx.http.post('/api/v1/auth/logout')).send({}).expect(204);
    });

    it('PATCH to a staff role answers 202 and the account keeps its previous role (a requester still works as one) until approved', async () => {
      const account = await logIn(
        ctx,
        await createAccount(ctx, Role.Requester, { organizationId: actors.org.id }),
      );
      const res = await patchUser(account.id, { role: 'investigator', displayName: 'Soon Investigator' });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        status: 'pending',
        userId: account.id,
        requestedRole: 'investigator',
        user: { role: 'requester', pendingRole: 'investigator', displayName: 'Soon Investigator' },
      });
      expect(await roleOf(account.id)).toBe('requester');
      // The login goes on (no role changed): the requester still files and reads their own requests.
      await account.auth(ctx.http.get('/api/v1/consultations')).expect(200);
      await account.auth(ctx.http.get('/api/v1/triage-queue')).expect(403);
      expect((await account.auth(ctx.http.get('/api/v1/auth/me')).expect(200)).body).toMatchObject({
        role: 'requester',
        pendingRole: 'investigator',
      });
    });

    it('a deactivated account cannot be asked a role (409); PATCH of the current role needs no grant', async () => {
      const account = await createAccount(ctx, Role.Requester, { organizationId: actors.org.id });
      await patchUser(account.id, { active: false }).expect(200);
      expect((await patchUser(account.id, { role: 'investigator' })).status).toBe(409);
      expect(
        (await ctx.db.query(`SELECT count(*)::int AS n FROM role_grants WHERE user_id = $1`, [account.id]))
          .rows[0].n,
      ).toBe(0);
      const investigator = await createAccount(ctx, Role.Investigator);
      const same = await patchUser(investigator.id, { role: 'investigator' });
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ role: 'investigator', pendingRole: null });
    });
  });

  describe('a supervisor decides', () => {
    it('lists pending grants with the account’s email and name, the role, who asked and when (audited as role_grant.list)', async () => {
      const { res, account } = await requestStaff(ctx, actors.admin, 'investigator', {
        displayName: 'Listed Person',
      });
      const grants = await pendingGrants(ctx, actors.supervisor);
      expect(grants.find((g) => g.id === res.body.grantId)).toEqual({
        id: res.body.grantId,
        userId: account.id,
        email: account.email,
        displayName: 'Listed Person',
        currentRole: null,
        active: true,
        role: 'investigator',
        previousRole: null,
        status: 'pending',
        requestedBy: actors.admin.id,
        requestedByName: 'Test admin',
        requestedAt: expect.any(String),
        decidedBy: null,
        decidedByName: null,
        decidedAt: null,
        reason: null,
      });
      expect(grants.every((g) => g.status === 'pending')).toBe(true);
      const { rows } = await ctx.db.query(
        `SELECT actor_id, details FROM audit_events WHERE action = 'role_grant.list' ORDER BY seq DESC LIMIT 1`,
      );
      expect(rows[0]).toEqual({
        actor_id: actors.supervisor.id,
        details: { status: 'pending', cursor: false, count: grants.length },
      });
      expect((await actors.supervisor.auth(ctx.http.get('/api/v1/role-grants?status=maybe'))).status).toBe(
        400,
      );
    });

    it('approval applies the role: the account’s logins end, it logs in again as investigator and works; supervisors are notified', async () => {
      const { res, account } = await requestStaff(ctx, actors.admin, 'investigator');
      const before = await loginAs(ctx, account.email, account.password);
      const approved = await approve(actors.supervisor, res.body.grantId);
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        id: res.body.grantId,
        status: 'approved',
        currentRole: 'investigator',
        decidedBy: actors.supervisor.id,
        decidedAt: expect.any(String),
      });
      expect(await roleOf(account.id)).toBe('investigator');
      expect((await bearer(before.accessToken).set(ctx.http.get('/api/v1/auth/me'))).status).toBe(401);
      expect(
        (await ctx.http.post('/api/v1/auth/refresh').send({ refreshToken: before.refreshToken })).status,
      ).toBe(401);
      const after = await loginAs(ctx, account.email, account.password);
      expect(after.user).toMatchObject({ role: 'investigator', pendingRole: null });
      await bearer(after.accessToken).set(ctx.http.get('/api/v1/triage-queue')).expect(200);

      for (const supervisor of [actors.supervisor, supervisor2]) {
        expect(await alertsAbout(supervisor, account.id)).toEqual([
          'account.staff_role_granted',
          'account.role_grant_requested',
        ]);
      }
      expect(await alertsAbout(actors.investigator, account.id)).toEqual([]);
      expect(await audit('role_grant.approve', res.body.grantId)).toEqual([
        {
          actor_id: actors.supervisor.id,
          actor_role: 'supervisor',
          outcome: 'success',
          resource_type: 'role_grant',
          details: { userId: account.id, role: 'investigator', previousRole: null, sessionsRevoked: true },
        },
      ]);
      expect(
        (await audit('user.staff_alert', account.id)).map((r) => [
          r.actor_id,
          r.details.alert,
          r.details.supervisorsNotified,
        ]),
      ).toEqual([
        [actors.admin.id, 'account.role_grant_requested', 2],
        [actors.supervisor.id, 'account.staff_role_granted', 2],
      ]);
      // Decided is decided: approving again is 409, audited as a refusal.
      expect((await approve(supervisor2, res.body.grantId)).status).toBe(409);
      expect((await audit('role_grant.approve', res.body.grantId))[1]).toMatchObject({
        actor_id: supervisor2.id,
        outcome: 'failure',
        details: { refused: 'not_pending', status: 'approved' },
      });
    });

    it('rejection: the account keeps its role, the reason stays with the grant (not in the trail), supervisors are notified; a rejected grant is never approved', async () => {
      const account = await createAccount(ctx, Role.Requester, { organizationId: actors.org.id });
      const asked = await patchUser(account.id, { role: 'supervisor' });
      expect(asked.status).toBe(202);
      const reason = 'Only the unit head may be supervisor.';
      const rejected = await reject(actors.supervisor, asked.body.grantId, reason);
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        reason,
        decidedBy: actors.supervisor.id,
        currentRole: 'requester',
      });
      expect(await roleOf(account.id)).toBe('requester');
      const listed = await actors.admin.auth(ctx.http.get('/api/v1/users?limit=100')).expect(200);
      expect(listed.body.items.find((u: { id: string }) => u.id === account.id)).toMatchObject({
        role: 'requester',
        pendingRole: null,
      });
      expect(await alertsAbout(supervisor2, account.id)).toEqual([
        'account.role_grant_rejected',
        'account.role_grant_requested',
      ]);
      const trail = await audit('role_grant.reject', asked.body.grantId);
      expect(trail).toEqual([
        expect.objectContaining({
          actor_id: actors.supervisor.id,
          details: { userId: account.id, role: 'supervisor', reasonGiven: true },
        }),
      ]);
      const { rows } = await ctx.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE details::text LIKE $1`,
        [`%${reason}%`],
      );
      expect(rows[0].n).toBe(0);
      for (const supervisor of [actors.supervisor, supervisor2])
        expect((await approve(supervisor, asked.body.grantId)).status).toBe(409);
      expect((await reject(supervisor2, asked.body.grantId)).status).toBe(409);
      expect(await roleOf(account.id)).toBe('requester');
      expect((await reject(actors.supervisor, asked.body.grantId, '   ')).status).toBe(400);
    });

    it('a supervisor may not decide a grant for their own account (403, audited); keeping the role withdraws it', async () => {
      const asked = await patchUser(supervisor2.id, { role: 'investigator' });
      expect(asked.status).toBe(202);
      expect((await approve(supervisor2, asked.body.grantId)).status).toBe(403);
      expect((await reject(supervisor2, asked.body.grantId)).status).toBe(403);
      expect((await audit('role_grant.approve', asked.body.grantId))[0]).toMatchObject({
        actor_id: supervisor2.id,
        outcome: 'denied',
        details: { refused: 'own_account', status: 'pending' },
      });
      expect(await roleOf(supervisor2.id)).toBe('supervisor');
      // Withdrawn by keeping the role, so supervisor2 stays supervisor for the other tests.
      expect((await patchUser(supervisor2.id, { role: 'supervisor' })).status).toBe(200);
      expect(await audit('role_grant.withdraw', asked.body.grantId)).toEqual([
        expect.objectContaining({
          actor_id: actors.admin.id,
          details: {
            userId: supervisor2.id,
            role: 'investigator',
            status: 'withdrawn',
            cause: 'role_changed',
          },
        }),
      ]);
    });

    it('an admin cannot decide grants at all (403), nor can an investigator', async () => {
      const { res } = await requestStaff(ctx, actors.admin, 'investigator');
      for (const actor of [actors.admin, actors.investigator, actors.requester]) {
        expect((await approve(actor, res.body.grantId)).status).toBe(403);
        expect((await actor.auth(ctx.http.get('/api/v1/role-grants'))).status).toBe(403);
      }
      expect(
        (await ctx.db.query(`SELECT status FROM role_grants WHERE id = $1`, [res.body.grantId])).rows[0]
          .status,
      ).toBe('pending');
    });

    it('404 for an unknown grant, 400 for a malformed id or a body on approve', async () => {
      expect((await approve(actors.supervisor, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await approve(actors.supervisor, 'nope')).status).toBe(400);
      const { res } = await requestStaff(ctx, actors.admin, 'investigator');
      expect(
        (
          await actors.supervisor
            .auth(ctx.http.post(`/api/v1/role-grants/${res.body.grantId}/approve`))
            .send({ role: 'supervisor' })
        ).status,
      ).toBe(400);
    });
  });

  describe('superseding and withdrawing', () => {
    it('a newer request supersedes the pending one; another role or a deactivation withdraws it; neither can then be approved', async () => {
      const account = await createAccount(ctx, Role.Requester, { organizationId: actors.org.id });
      const first = await patchUser(account.id, { role: 'investigator' });
      const second = await patchUser(account.id, { role: 'supervisor' });
      expect([first.status, second.status]).toEqual([202, 202]);
      const statuses = async () =>
        (
          await ctx.db.query(`SELECT id, status FROM role_grants WHERE user_id = $1 ORDER BY requested_at`, [
            account.id,
          ])
        ).rows.map((r) => r.status);
      expect(await statuses()).toEqual(['superseded', 'pending']);
      expect((await approve(actors.supervisor, first.body.grantId)).status).toBe(409);
      expect((await patchUser(account.id, { role: 'admin' })).body).toMatchObject({
        role: 'admin',
        pendingRole: null,
      });
      expect(await statuses()).toEqual(['superseded', 'withdrawn']);
      expect((await approve(actors.supervisor, second.body.grantId)).status).toBe(409);
      expect(await roleOf(account.id)).toBe('admin');

      const third = await patchUser(account.id, { role: 'investigator' });
      expect((await patchUser(account.id, { active: false })).body).toMatchObject({
        active: false,
        pendingRole: null,
      });
      expect(await audit('role_grant.withdraw', third.body.grantId)).toEqual([
        expect.objectContaining({
          details: { userId: account.id, role: 'investigator', status: 'withdrawn', cause: 'deactivated' },
        }),
      ]);
      expect((await approve(actors.supervisor, third.body.grantId)).status).toBe(409);
      expect(await roleOf(account.id)).toBe('admin');
    });

    it('approving a grant whose account was deactivated is refused (409), and nothing changes', async () => {
      const { res, account } = await requestStaff(ctx, actors.admin, 'investigator');
      // Deactivated behind the service's back, so the grant is still pending.
      await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [account.id]);
      const refused = await approve(actors.supervisor, res.body.grantId);
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toMatch(/deactivated/);
      expect(await roleOf(account.id)).toBeNull();
      expect(
        (await ctx.db.query(`SELECT status FROM role_grants WHERE id = $1`, [res.body.grantId])).rows[0]
          .status,
      ).toBe('pending');
      expect((await audit('role_grant.approve', res.body.grantId))[0]).toMatchObject({
        outcome: 'failure',
        details: { refused: 'inactive_account' },
      });
    });
  });

  describe('race safety', () => {
    it('two approvals at once apply once: one 200, one 409, one role change, one alert', async () => {
      const { res, account } = await requestStaff(ctx, actors.admin, 'investigator');
      const { rows: before } = await ctx.db.query(`SELECT token_version FROM users WHERE id = $1`, [
        account.id,
      ]);
      const answers = await Promise.all([
        approve(actors.supervisor, res.body.grantId),
        approve(supervisor2, res.body.grantId),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const { rows: after } = await ctx.db.query(`SELECT token_version FROM users WHERE id = $1`, [
        account.id,
      ]);
      expect(after[0].token_version).toBe(before[0].token_version + 1);
      expect((await audit('role_grant.approve', res.body.grantId)).map((r) => r.outcome).sort()).toEqual([
        'failure',
        'success',
      ]);
      const { rows } = await ctx.db.query(
        `SELECT count(*)::int AS n FROM notifications WHERE subject_user_id = $1 AND type = 'account.staff_role_granted'`,
        [account.id],
      );
      const { rows: supervisors } = await ctx.db.query(
        `SELECT count(*)::int AS n FROM users WHERE role = 'supervisor' AND active`,
      );
      expect(rows[0].n).toBe(supervisors[0].n); // one per supervisor, once
    });

    it('two requests at once leave one pending grant', async () => {
      const account = await createAccount(ctx, Role.Requester, { organizationId: actors.org.id });
      const answers = await Promise.all([
        patchUser(account.id, { role: 'investigator' }),
        patchUser(account.id, { role: 'supervisor' }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([202, 202]);
      const { rows } = await ctx.db.query(
        `SELECT status FROM role_grants WHERE user_id = $1 ORDER BY status`,
        [account.id],
      );
      expect(rows.map((r) => r.status)).toEqual(['pending', 'superseded']);
    });
  });
});

describe('The very first supervisor', () => {
  let ctx: E2eContext;
  let admin: Actor;

  beforeAll(async () => {
    ctx = await createE2eContext('firstsupervisor');
    admin = await logIn(ctx, await createAccount(ctx, Role.Admin));
  });
  afterAll(() => ctx.close());

  it('applies at once while none has ever existed (audited); afterwards supervisors wait, even when none is left active', async () => {
    const { res: first, account } = await requestStaff(ctx, admin, 'supervisor');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: account.id, role: 'supervisor', pendingRole: null });
    const { rows } = await ctx.db.query(
      `SELECT actor_id, details FROM audit_events WHERE action = 'role_grant.first_supervisor'`,
    );
    expect(rows).toEqual([
      { actor_id: admin.id, details: { role: 'supervisor', previousRole: null, newAccount: true } },
    ]);

    // The first supervisor is deactivated: the fact that one existed survives.
    expect(
      (await admin.auth(ctx.http.patch(`/api/v1/users/${account.id}`)).send({ active: false })).status,
    ).toBe(200);
    const second = await requestStaff(ctx, admin, 'supervisor');
    expect(second.res.status).toBe(202);
    // Demoted instead (reactivated, then made admin at once): still no second first.
    await admin
      .auth(ctx.http.patch(`/api/v1/users/${account.id}`))
      .send({ active: true, role: 'admin' })
      .expect(200);
    const { rows: supervisors } = await ctx.db.query(
      `SELECT count(*)::int AS n FROM users WHERE role = 'supervisor'`,
    );
    expect(supervisors[0].n).toBe(0);
    expect((await requestStaff(ctx, admin, 'supervisor')).res.status).toBe(202);
    const promoted = await admin
      .auth(ctx.http.patch(`/api/v1/users/${second.account.id}`))
      .send({ role: 'supervisor' });
    expect(promoted.status).toBe(202);
  });

  it('the fact is kept by the database: the app may not erase it', async () => {
    const appPool = new (await import('pg')).Pool({ connectionString: ctx.database.appUrl, max: 1 });
    try {
      await expect(appPool.query(`DELETE FROM supervisor_first_seen`)).rejects.toThrow(/permission denied/);
      await expect(appPool.query(`UPDATE supervisor_first_seen SET singleton = true`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(appPool.query(`DELETE FROM role_grants`)).rejects.toThrow(/permission denied/);
    } finally {
      await appPool.end();
    }
  });
});

describe('The first supervisor, asked for twice at once', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    ctx = await createE2eContext('firstsupervisorrace');
  });
  afterAll(() => ctx.close());

  it('applies once: one 201, one 202', async () => {
    const admin = await logIn(ctx, await createAccount(ctx, Role.Admin));
    const admin2 = await logIn(ctx, await createAccount(ctx, Role.Admin));
    const answers = await Promise.all([
      requestStaff(ctx, admin, 'supervisor'),
      requestStaff(ctx, admin2, 'supervisor'),
    ]);
    expect(answers.map((a) => a.res.status).sort()).toEqual([201, 202]);
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM users WHERE role = 'supervisor'`);
    expect(rows[0].n).toBe(1);
  });
});

describe('A pending staff account and the second factor (MFA_REQUIRED_ROLES at its default)', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    ctx = await createE2eContext('rolegrantsmfa', { mfaRequiredByDefault: true });
  });
  afterAll(() => ctx.close());

  it('enrols at its first login, as the role it waits for will require; with no role and none pending it needs none', async () => {
    await createAccount(ctx, Role.Supervisor); // a supervisor exists: grants wait
    const admin = await createAccount(ctx, Role.Admin);
    const { login } = await enrolAtLogin(ctx, admin);
    const asked = await ctx.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${login.accessToken}`)
      .send({ email: `mfa-${Date.now()}@grants.example`, displayName: 'Pending', role: 'investigator' });
    expect(asked.status).toBe(202);
    await ctx.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [
      asked.body.userId,
      await testPasswordHash(ctx),
    ]);
    const credentials = { email: asked.body.user.email, password: TEST_PASSWORD };
    const pending = await ctx.http.post('/api/v1/auth/login').send(credentials);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ mfaEnrollmentRequired: true });
    expect(pending.body.accessToken).toBeUndefined();

    // Rejected: no role and none pending, so nothing for a second factor to protect.
    await ctx.db.query(`UPDATE role_grants SET status = 'rejected', decided_at = now() WHERE user_id = $1`, [
      asked.body.userId,
    ]);
    const bare = await ctx.http.post('/api/v1/auth/login').send(credentials);
    expect(bare.status).toBe(200);
    expect(bare.body.accessToken).toEqual(expect.any(String));
    expect(bare.body.user).toMatchObject({ role: null, pendingRole: null });
  });
});
