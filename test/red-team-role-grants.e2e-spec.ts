import { Role } from '@app/identity';
import {
  Account,
  Actor,
  Actors,
  createActors,
  logIn,
  loginAs,
  TEST_PASSWORD,
  testPasswordHash,
} from '@app/testing/e2e/actors';
import { ConsultationJson, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { requestStaff } from '@app/testing/e2e/staff-grants';

/**
 * Red team, issue 14: "an admin mints a supervisor and reads cases" must no longer work. The admin
 * tries every way we know to get a login that reads a case; after each, every login the admin could
 * hold is probed on the case routes, and none may read the victim's request. The last test walks the
 * legitimate path (admin asks, a supervisor approves) with the same probe, which then does read the
 * case: the probe can tell.
 */
describe('Red team: an admin mints a supervisor and reads cases', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let victim: ConsultationJson;
  /** Every login the admin controls, collected as the attacks go on. */
  const attackerLogins: { label: string; token: string }[] = [];

  beforeAll(async () => {
    ctx = await createE2eContext('redteamgrants', { env: { THROTTLE_IP_LIMIT: '10000' } });
    actors = await createActors(ctx);
    victim = await fileConsultation(ctx, actors.requester);
    attackerLogins.push({ label: 'the admin', token: actors.admin.token });
  });
  afterAll(() => ctx.close());

  const asAdmin = {
    post: (url: string, body: object) => actors.admin.auth(ctx.http.post(url)).send(body),
    patch: (url: string, body: object) => actors.admin.auth(ctx.http.patch(url)).send(body),
  };
  const approveAs = (token: string, grantId: string) =>
    ctx.http.post(`/api/v1/role-grants/${grantId}/approve`).set('Authorization', `Bearer ${token}`).send();

  /** The admin knows this account's password: they created it with one, or received its invitation at an address they own. */
  async function takeOver(account: Account, label: string): Promise<string> {
    await ctx.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [
      account.id,
      await testPasswordHash(ctx),
    ]);
    const token = (await loginAs(ctx, account.email, account.password)).accessToken;
    attackerLogins.push({ label, token });
    return token;
  }

  /** What a login can see of the victim's case, by every route that shows case content or its existence. */
  async function caseReads(token: string): Promise<string[]> {
    const get = (url: string) => ctx.http.get(url).set('Authorization', `Bearer ${token}`);
    const reads: string[] = [];
    if ((await get(`/api/v1/consultations/${victim.id}`)).status === 200)
      reads.push('GET /consultations/:id');
    if ((await get(`/api/v1/consultations/${victim.id}/messages`)).status === 200)
      reads.push('GET /consultations/:id/messages');
    if ((await get(`/api/v1/consultations/${victim.id}/access-log`)).status === 200)
      reads.push('GET /consultations/:id/access-log');
    const list = await get('/api/v1/consultations?limit=100');
    if (list.status === 200 && JSON.stringify(list.body).includes(victim.id))
      reads.push('GET /consultations');
    const queue = await get('/api/v1/triage-queue?limit=100');
    if (queue.status === 200) reads.push('GET /triage-queue');
    const audit = await get(`/api/v1/audit-events?resourceId=${victim.id}`);
    if (audit.status === 200) reads.push('GET /audit-events');
    return reads;
  }

  async function expectNoLoginReadsTheCase(): Promise<void> {
    const found: Record<string, string[]> = {};
    for (const { label, token } of attackerLogins) {
      const reads = await caseReads(token);
      if (reads.length > 0) found[label] = reads;
    }
    expect(found).toEqual({});
  }

  it('creating a supervisor (and an investigator) gives an account without a role: it logs in and reads nothing', async () => {
    for (const role of ['supervisor', 'investigator']) {
      // The admin cannot even choose the password (staff are invited: docs/accounts.md).
      const withPassword = await asAdmin.post('/api/v1/users', {
        email: `pw-${role}-${Date.now()}@redteam.example`,
        displayName: 'Mine',
        role,
        password: 'i-know-this-one',
      });
      expect(withPassword.status).toBe(400);
      const { res, account } = await requestStaff(ctx, actors.admin, role);
      expect(res.status).toBe(202);
      expect(res.body.user.role).toBeNull();
      const token = await takeOver(account, `a created ${role}`);
      const me = await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body.role).toBeNull();
    }
    await expectNoLoginReadsTheCase();
  });

  it('PATCH of the admin’s own account to supervisor or investigator is refused (409)', async () => {
    for (const role of ['supervisor', 'investigator']) {
      expect((await asAdmin.patch(`/api/v1/users/${actors.admin.id}`, { role })).status).toBe(409);
    }
    expect((await ctx.db.query(`SELECT role FROM users WHERE id = $1`, [actors.admin.id])).rows[0].role).toBe(
      'admin',
    );
    await expectNoLoginReadsTheCase();
  });

  it('PATCH of an account the admin controls (a requester, another admin) to supervisor or investigator leaves it as it was', async () => {
    const requester = await asAdmin.post('/api/v1/users', {
      email: `sock-${Date.now()}@redteam.example`,
      displayName: 'Sock Puppet',
      role: 'requester',
      organizationId: actors.org2.id,
      password: 'puppet-password-123',
    });
    expect(requester.status).toBe(201);
    const puppet: Account = {
      id: requester.body.id,
      email: requester.body.email,
      password: TEST_PASSWORD,
      role: Role.Requester,
      organizationId: actors.org2.id,
    };
    const admin2 = await requestStaff(ctx, actors.admin, 'admin');
    expect(admin2.res.status).toBe(201);
    for (const [account, label] of [
      [puppet, 'a puppet requester'],
      [admin2.account, 'a second admin'],
    ] as const) {
      for (const role of ['supervisor', 'investigator']) {
        const res = await asAdmin.patch(`/api/v1/users/${account.id}`, { role });
        expect(res.status).toBe(202);
        expect(res.body.user.role).toBe(account === puppet ? 'requester' : 'admin');
      }
      await takeOver(account, label);
    }
    await expectNoLoginReadsTheCase();
  });

  it('a malformed role is 400, never a role: case, spaces, lists, unknown roles', async () => {
    const { account } = await requestStaff(ctx, actors.admin, 'admin');
    for (const role of ['SUPERVISOR', ' supervisor', 'supervisor ', ['supervisor'], 'root', 'none', 1]) {
      const res = await asAdmin.patch(`/api/v1/users/${account.id}`, { role, displayName: 'X' });
      expect({ role, status: res.status }).toEqual({ role, status: 400 });
    }
    expect((await ctx.db.query(`SELECT role FROM users WHERE id = $1`, [account.id])).rows[0].role).toBe(
      'admin',
    );
  });

  it('the admin cannot approve a grant: not as admin, not through a pending account, not through the account itself', async () => {
    const { res, account } = await requestStaff(ctx, actors.admin, 'supervisor');
    const pendingToken = await takeOver(account, 'a pending supervisor');
    const { res: other, account: otherAccount } = await requestStaff(ctx, actors.admin, 'supervisor');
    const otherToken = await takeOver(otherAccount, 'another pending supervisor');
    expect((await approveAs(actors.admin.token, res.body.grantId)).status).toBe(403);
    expect((await approveAs(pendingToken, res.body.grantId)).status).toBe(403); // its own grant, and no role
    expect((await approveAs(otherToken, res.body.grantId)).status).toBe(403); // pending accounts approve each other
    expect((await approveAs(pendingToken, other.body.grantId)).status).toBe(403);
    const list = await ctx.http.get('/api/v1/role-grants').set('Authorization', `Bearer ${pendingToken}`);
    expect(list.status).toBe(403);
    const { rows } = await ctx.db.query(`SELECT status FROM role_grants WHERE id = ANY($1) ORDER BY status`, [
      [res.body.grantId, other.body.grantId],
    ]);
    expect(rows.map((r) => r.status)).toEqual(['pending', 'pending']);
    await expectNoLoginReadsTheCase();
  });

  it('a rejected grant cannot be reused: not approved later, not by asking for it again without a supervisor', async () => {
    const { res, account } = await requestStaff(ctx, actors.admin, 'supervisor');
    await actors.supervisor
      .auth(ctx.http.post(`/api/v1/role-grants/${res.body.grantId}/reject`))
      .send({ reason: 'Unknown person.' })
      .expect(200);
    expect((await approveAs(actors.supervisor.token, res.body.grantId)).status).toBe(409);
    expect((await approveAs(actors.admin.token, res.body.grantId)).status).toBe(403);
    const again = await asAdmin.patch(`/api/v1/users/${account.id}`, { role: 'supervisor' });
    expect(again.status).toBe(202);
    expect(again.body.grantId).not.toBe(res.body.grantId);
    await takeOver(account, 'a rejected supervisor');
    await expectNoLoginReadsTheCase();
  });

  it('no supervisor left active (deactivated, or made admin) does not reopen the "first supervisor" path', async () => {
    const { rows: supervisors } = await ctx.db.query(
      `SELECT id FROM users WHERE role = 'supervisor' AND active`,
    );
    for (const { id } of supervisors)
      await asAdmin.patch(`/api/v1/users/${id}`, { active: false }).expect(200);
    const whileDeactivated = await requestStaff(ctx, actors.admin, 'supervisor');
    expect(whileDeactivated.res.status).toBe(202);
    await takeOver(whileDeactivated.account, 'a supervisor asked for while none was active');
    for (const { id } of supervisors)
      await asAdmin.patch(`/api/v1/users/${id}`, { active: true, role: 'admin' }).expect(200);
    const whileDemoted = await requestStaff(ctx, actors.admin, 'supervisor');
    expect(whileDemoted.res.status).toBe(202);
    await takeOver(whileDemoted.account, 'a supervisor asked for while none existed any more');
    await expectNoLoginReadsTheCase();
    // Restore the supervisor for the last test (a direct role change is the setup, not the attack).
    for (const { id } of supervisors)
      await ctx.db.query(`UPDATE users SET role = 'supervisor' WHERE id = $1`, [id]);
  });

  it('the probe can tell: the legitimate path (admin asks, a supervisor approves) does read the case', async () => {
    const supervisor: Actor = await logIn(ctx, { ...actors.supervisor });
    const { res, account } = await requestStaff(ctx, actors.admin, 'investigator');
    await approveAs(supervisor.token, res.body.grantId).expect(200);
    const token = (await loginAs(ctx, account.email, account.password)).accessToken;
    expect(await caseReads(token)).toEqual(
      expect.arrayContaining(['GET /consultations/:id', 'GET /consultations', 'GET /triage-queue']),
    );
  });
});
