import { IdentityConfig } from '@app/identity';
import * as jwt from 'jsonwebtoken';
import { Account, Actors, createAccount, createActors, loginAs, TEST_PASSWORD } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { Role } from '@app/identity';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('Auth (api.md "Auth")', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let secret: string;

  beforeAll(async () => {
    ctx = await createE2eContext('auth');
    actors = await createActors(ctx);
    secret = ctx.app.get(IdentityConfig).get('JWT_SECRET');
  });
  afterAll(() => ctx.close());

  const me = (token: string) => ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  /** A refresh from a client (its User-Agent; supertest sends none by default, so one client). */
  const refresh = (refreshToken: string, userAgent?: string) => {
    const req = ctx.http.post('/api/v1/auth/refresh');
    return (userAgent ? req.set('User-Agent', userAgent) : req).send({ refreshToken });
  };
  /** Moves the spends of a login back in time, past REFRESH_REUSE_WINDOW_SECONDS (10 s by default). */
  const ageSpends = (sessionId: unknown) =>
    ctx.db.query(`UPDATE refresh_tokens SET spent_at = spent_at - interval '11 seconds' WHERE session_id = $1 AND spent_at IS NOT NULL`, [sessionId]);
  const auditRows = async (action: string, actorId?: string) =>
    (
      await ctx.db.query(
        `SELECT action, outcome, actor_id, actor_role, resource_type, resource_id, details, row_to_json(a)::text AS raw
         FROM audit_events a WHERE action = $1 AND ($2::uuid IS NULL OR actor_id = $2) ORDER BY seq`,
        [action, actorId ?? null],
      )
    ).rows;
  const claimsOf = (token: string) => jwt.decode(token) as Record<string, unknown>;
  const expectProblem = (res: { status: number; headers: Record<string, string> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  describe('POST /auth/login', () => {
    it('answers 200 with tokens, expiresIn and the user, never a password or hash', async () => {
      const res = await ctx.http.post('/api/v1/auth/login').send({ email: actors.requester.email, password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        user: expect.objectContaining({
          id: actors.requester.id,
          email: actors.requester.email,
          displayName: expect.any(String),
          role: 'requester',
          organizationId: actors.org.id,
          active: true,
        }),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash|\$argon2/i);
      expect(Buffer.from(res.body.refreshToken, 'base64url').length).toBeGreaterThanOrEqual(32);
      const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');
      const claims = claimsOf(res.body.accessToken);
      expect(claims).toMatchObject({ sub: actors.requester.id, iss: 'consult-intake', aud: 'consult-intake-api' });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    });

    it('matches the email case-insensitively', async () => {
      const res = await ctx.http.post('/api/v1/auth/login').send({ email: actors.supervisor.email.toUpperCase(), password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(actors.supervisor.id);
    });

    it('answers the same 401 problem for an unknown email, a wrong password and a deactivated account', async () => {
      const inactive = await createAccount(ctx, Role.Investigator);
      await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [inactive.id]);
      const attempts = [
        { email: 'nobody-at-all@test.example', password: TEST_PASSWORD },
        { email: actors.investigator2.email, password: 'wrong-password-123' },
        { email: inactive.email, password: TEST_PASSWORD },
      ];
      const answers = [];
      for (const body of attempts) answers.push(await ctx.http.post('/api/v1/auth/login').send(body));
      for (const res of answers) expectProblem(res, 401);
      const comparable = answers.map(({ body: { requestId: _, ...rest } }) => rest);
      expect(comparable[1]).toEqual(comparable[0]);
      expect(comparable[2]).toEqual(comparable[0]);
    });

    it('takes about as long for an unknown email as for a wrong password (dummy hash)', async () => {
      const time = async (email: string) => {
        const started = process.hrtime.bigint();
        const res = await ctx.http.post('/api/v1/auth/login').send({ email, password: 'wrong-password-456' });
        expect(res.status).toBe(401);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const unknown: number[] = [];
      const known: number[] = [];
      for (let i = 0; i < 3; i++) {
        unknown.push(await time(`ghost-${i}@test.example`));
        known.push(await time(actors.investigator.email));
      }
      // Without the dummy verification an unknown email answers in ~1 ms against ~30 ms.
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    });

    it('audits a failed login as auth.login_failed without the password or the typed email', async () => {
      await ctx.http.post('/api/v1/auth/login').send({ email: actors.admin.email, password: 'Sup3r-secret-guess!' });
      const rows = await auditRows('auth.login_failed', actors.admin.id);
      expect(rows.length).toBeGreaterThanOrEqual(1);
      const last = rows[rows.length - 1];
      expect(last).toMatchObject({ outcome: 'failure', resource_type: 'user', resource_id: actors.admin.id, details: { reason: 'wrong_password' } });
      expect(last.raw).not.toContain('Sup3r-secret-guess!');
      expect(last.raw).not.toContain(actors.admin.email);
    });

    it('audits a successful login as auth.login', async () => {
      const rows = await auditRows('auth.login', actors.investigator.id);
      expect(rows[0]).toMatchObject({ outcome: 'success', actor_role: 'investigator', resource_type: 'session' });
    });

    it('answers 400 listing the fields when email or password is missing, or an unknown field is sent', async () => {
      const missing = await ctx.http.post('/api/v1/auth/login').send({ email: actors.requester.email });
      expectProblem(missing, 400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['password']));
      expect(missing.body.errors.every((e: { field: string }) => e.field === 'password')).toBe(true);
      const unknown = await ctx.http.post('/api/v1/auth/login').send({ email: actors.requester.email, password: TEST_PASSWORD, admin: true });
      expectProblem(unknown, 400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'admin' })]);
      expectProblem(await ctx.http.post('/api/v1/auth/login').send([1, 2]), 400);
      expectProblem(await ctx.http.post('/api/v1/auth/login').send({ email: 5, password: { a: 1 } }), 400);
    });
  });

  describe('GET /auth/me', () => {
    it('answers the caller', async () => {
      const res = await me(actors.investigator.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: actors.investigator.id, email: actors.investigator.email, role: 'investigator', organizationId: null, active: true });
      expect(JSON.stringify(res.body)).not.toMatch(/hash/i);
    });

    it('answers 401 problem without a token or with a malformed header', async () => {
      expectProblem(await ctx.http.get('/api/v1/auth/me'), 401);
      expectProblem(await ctx.http.get('/api/v1/auth/me').set('Authorization', `Basic ${actors.investigator.token}`), 401);
      expectProblem(await ctx.http.get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.jwt'), 401);
    });
  });

  describe('access tokens', () => {
    const forge = (claims: object, options: jwt.SignOptions, key = secret) =>
      jwt.sign(claims, key, { issuer: 'consult-intake', audience: 'consult-intake-api', expiresIn: 900, ...options });
    const realClaims = () => {
      const { sub, sid, role, org, tv } = claimsOf(actors.requester.token);
      return { sub, sid, role, org, tv };
    };

    it('accepts a token signed like ours (the control case)', async () => {
      expect((await me(forge(realClaims(), { algorithm: 'HS256' }))).status).toBe(200);
    });

    it('refuses a token with alg none', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...realClaims(), iss: 'consult-intake', aud: 'consult-intake-api', iat: now, exp: now + 900 })}.`;
      expectProblem(await me(token), 401);
    });

    it('refuses a token signed with another secret', async () => {
      expectProblem(await me(forge(realClaims(), { algorithm: 'HS256' }, 'another-secret-of-at-least-32-characters!')), 401);
    });

    it('refuses a token whose payload was altered after signing', async () => {
      const [header, , signature] = actors.requester.token.split('.');
      const altered = `${header}.${b64({ ...claimsOf(actors.requester.token), role: 'supervisor' })}.${signature}`;
      expectProblem(await me(altered), 401);
    });

    it('refuses a token signed with our secret but another algorithm (algorithm pinned)', async () => {
      expectProblem(await me(forge(realClaims(), { algorithm: 'HS512' })), 401);
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = jwt.sign({ ...realClaims(), iat: now - 1000, exp: now - 10 }, secret, {
        algorithm: 'HS256',
        issuer: 'consult-intake',
        audience: 'consult-intake-api',
      });
      expectProblem(await me(expired), 401);
    });

    it('refuses a well-signed token without exp or without iat, or issued in the future', async () => {
      const options: jwt.SignOptions = { algorithm: 'HS256', issuer: 'consult-intake', audience: 'consult-intake-api' };
      const now = Math.floor(Date.now() / 1000);
      expect((await me(jwt.sign({ ...realClaims(), iat: now, exp: now + 60 }, secret, options))).status).toBe(200); // the control case
      expectProblem(await me(jwt.sign({ ...realClaims(), iat: now }, secret, options)), 401);
      expectProblem(await me(jwt.sign({ ...realClaims(), exp: now + 60 }, secret, { ...options, noTimestamp: true })), 401);
      expectProblem(await me(jwt.sign({ ...realClaims(), iat: now + 3600, exp: now + 7200 }, secret, options)), 401);
    });

    it('refuses a token of another issuer or audience', async () => {
      expectProblem(await me(forge(realClaims(), { algorithm: 'HS256', issuer: 'someone-else' })), 401);
      expectProblem(await me(forge(realClaims(), { algorithm: 'HS256', audience: 'another-api' })), 401);
    });

    it('refuses a well-signed token naming no session', async () => {
      const claims = { ...realClaims(), sid: '00000000-0000-4000-8000-000000000000' };
      expectProblem(await me(forge(claims, { algorithm: 'HS256' })), 401);
    });
  });

  describe('POST /auth/refresh', () => {
    let account: Account;
    beforeAll(async () => {
      account = await createAccount(ctx, Role.Supervisor);
    });

    it('answers a new pair and spends the old refresh token; reusing it revokes every token of that login', async () => {
      const login = await loginAs(ctx, account.email, account.password);
      const first = await refresh(login.refreshToken);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
      expect(first.body.refreshToken).not.toBe(login.refreshToken);
      expect((await me(first.body.accessToken)).status).toBe(200);

      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);

      // The first refresh token again, from another client: someone else holds the family.
      expectProblem(await refresh(first.body.refreshToken, 'another-client/1.0'), 401);
      expectProblem(await refresh(second.body.refreshToken), 401);
      expectProblem(await me(second.body.accessToken), 401);
      expectProblem(await me(login.accessToken), 401);

      const reuse = await auditRows('auth.token_reuse', account.id);
      expect(reuse).toHaveLength(1);
      expect(reuse[0]).toMatchObject({ outcome: 'denied', resource_type: 'session', resource_id: claimsOf(login.accessToken).sid });
      expect(reuse[0].raw).not.toContain(first.body.refreshToken);
      expect((await auditRows('auth.refresh', account.id)).filter((r) => r.outcome === 'success')).toHaveLength(2);
    });

    it('leaves the user’s other logins alone when one family is revoked', async () => {
      const a = await loginAs(ctx, account.email, account.password);
      const b = await loginAs(ctx, account.email, account.password);
      const next = await refresh(a.refreshToken);
      await ageSpends(claimsOf(a.accessToken).sid);
      expectProblem(await refresh(a.refreshToken), 401); // reuse by the same client, after the window: revokes a's family
      expectProblem(await me(next.body.accessToken), 401);
      expect((await me(b.accessToken)).status).toBe(200);
      expect((await refresh(b.refreshToken)).status).toBe(200);
    });

    it('lets two concurrent refreshes of one token by the same client both succeed (reuse window), in the same login', async () => {
      const login = await loginAs(ctx, account.email, account.password);
      const answers = await Promise.all([refresh(login.refreshToken, 'tab/1'), refresh(login.refreshToken, 'tab/1')]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect(answers[0].body.refreshToken).not.toBe(answers[1].body.refreshToken);
      for (const answer of answers) {
        expect((await me(answer.body.accessToken)).status).toBe(200);
        expect(claimsOf(answer.body.accessToken).sid).toBe(claimsOf(login.accessToken).sid);
      }
      const sid = claimsOf(login.accessToken).sid as string;
      const refreshes = (await auditRows('auth.refresh', account.id)).filter((r) => r.resource_id === sid);
      expect(refreshes.map((r) => r.details)).toEqual(expect.arrayContaining([{ reuseWindow: true }]));
      expect((await auditRows('auth.token_reuse', account.id)).filter((r) => r.resource_id === sid)).toEqual([]);
    });

    it('still treats a spent token as reuse when another client presents it within the window', async () => {
      const login = await loginAs(ctx, account.email, account.password);
      const first = await refresh(login.refreshToken, 'owner/1');
      expect(first.status).toBe(200);
      expectProblem(await refresh(login.refreshToken, 'thief/1'), 401);
      expectProblem(await me(first.body.accessToken), 401);
      expectProblem(await refresh(first.body.refreshToken, 'owner/1'), 401);
    });

    it('still treats a spent token as reuse when the same client presents it after the window', async () => {
      const login = await loginAs(ctx, account.email, account.password);
      const first = await refresh(login.refreshToken, 'owner/2');
      expect(first.status).toBe(200);
      await ageSpends(claimsOf(login.accessToken).sid);
      expectProblem(await refresh(login.refreshToken, 'owner/2'), 401);
      expectProblem(await me(first.body.accessToken), 401);
    });

    it('answers 401 for an unknown refresh token and 400 for a missing one', async () => {
      expectProblem(await refresh('x'.repeat(43)), 401);
      expectProblem(await ctx.http.post('/api/v1/auth/refresh').send({}), 400);
    });

    it('answers 401 for an expired refresh token', async () => {
      const login = await loginAs(ctx, account.email, account.password);
      await ctx.db.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE session_id = $1`, [claimsOf(login.accessToken).sid]);
      expectProblem(await refresh(login.refreshToken), 401);
    });

    it('stores refresh tokens only as hashes', async () => {
      const login = await loginAs(ctx, account.email, account.password);
      const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM refresh_tokens WHERE position($1::bytea in token_hash) > 0`, [
        Buffer.from(login.refreshToken),
      ]);
      expect(rows[0].n).toBe(0);
      const { rows: hashed } = await ctx.db.query(`SELECT count(*)::int AS n FROM refresh_tokens WHERE token_hash = sha256($1::bytea)`, [
        Buffer.from(login.refreshToken),
      ]);
      expect(hashed[0].n).toBe(1);
    });
  });

  describe('POST /auth/logout', () => {
    it('answers 204 and that login’s access and refresh tokens stop working; other logins keep working', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const a = await loginAs(ctx, account.email, account.password);
      const b = await loginAs(ctx, account.email, account.password);
      const res = await ctx.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${a.accessToken}`).send({ refreshToken: a.refreshToken });
      expect(res.status).toBe(204);
      expectProblem(await me(a.accessToken), 401);
      expectProblem(await refresh(a.refreshToken), 401);
      expect((await me(b.accessToken)).status).toBe(200);
      expect(await auditRows('auth.logout', account.id)).toEqual([expect.objectContaining({ outcome: 'success', details: { revoked: true } })]);
    });

    it('ends the caller’s own login whatever refresh token the body names, and never another user’s', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const caller = await loginAs(ctx, account.email, account.password);
      const victim = await loginAs(ctx, actors.investigator2.email, TEST_PASSWORD);
      const res = await ctx.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${caller.accessToken}`).send({ refreshToken: victim.refreshToken });
      expect(res.status).toBe(204);
      expectProblem(await me(caller.accessToken), 401);
      expectProblem(await refresh(caller.refreshToken), 401);
      expect((await me(victim.accessToken)).status).toBe(200);
      expect((await refresh(victim.refreshToken)).status).toBe(200);
    });

    it('ends the caller’s login with a wrong refresh token in the body, or with no body at all', async () => {
      const account = await createAccount(ctx, Role.Requester, { organizationId: actors.org.id });
      for (const body of [{ refreshToken: 'w'.repeat(43) }, undefined]) {
        const login = await loginAs(ctx, account.email, account.password);
        const req = ctx.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${login.accessToken}`);
        expect((await (body ? req.send(body) : req)).status).toBe(204);
        expectProblem(await me(login.accessToken), 401);
        expectProblem(await refresh(login.refreshToken), 401);
      }
      expect((await auditRows('auth.logout', account.id)).map((r) => r.details)).toEqual([{ revoked: true }, { revoked: true }]);
    });

    it('requires authentication', async () => {
      expectProblem(await ctx.http.post('/api/v1/auth/logout').send({ refreshToken: 'y'.repeat(43) }), 401);
    });
  });

  describe('account changes take effect on the next request', () => {
    const patch = (id: string, body: object) => actors.admin.auth(ctx.http.patch(`/api/v1/users/${id}`)).send(body);

    it('refuses a deactivated user’s access and refresh tokens at once, and their login, with the usual 401', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const login = await loginAs(ctx, account.email, account.password);
      expect((await me(login.accessToken)).status).toBe(200);
      expect((await patch(account.id, { active: false })).status).toBe(200);
      expectProblem(await me(login.accessToken), 401);
      expectProblem(await refresh(login.refreshToken), 401);
      const relogin = await ctx.http.post('/api/v1/auth/login').send({ email: account.email, password: account.password });
      expectProblem(relogin, 401);
      const denied = await auditRows('access.denied', account.id);
      expect(denied[denied.length - 1]).toMatchObject({ outcome: 'denied', details: expect.objectContaining({ reason: 'inactive_account' }) });
      expect(denied[denied.length - 1].raw).not.toContain(login.accessToken);
    });

    it('refuses tokens issued before a role change; a new login carries the new role', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const login = await loginAs(ctx, account.email, account.password);
      expect((await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${login.accessToken}`)).body.role).toBe('investigator');
      // Admin applies at once (investigator and supervisor wait for a supervisor's approval: test/role-grants).
      expect((await patch(account.id, { role: 'admin' })).body.role).toBe('admin');
      expectProblem(await me(login.accessToken), 401);
      expectProblem(await refresh(login.refreshToken), 401);
      const again = await loginAs(ctx, account.email, account.password);
      expect((await me(again.accessToken)).body.role).toBe('admin');
    });

    it('keeps tokens working after a change of display name only', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const login = await loginAs(ctx, account.email, account.password);
      expect((await patch(account.id, { displayName: 'Renamed' })).status).toBe(200);
      expect((await me(login.accessToken)).body.displayName).toBe('Renamed');
    });
  });

  describe('the access guard', () => {
    it('answers 403 and audits access.denied with the permission and route when the role lacks the permission', async () => {
      const res = await actors.supervisor.auth(ctx.http.get('/api/v1/users?role=admin'));
      expectProblem(res, 403);
      const rows = await auditRows('access.denied', actors.supervisor.id);
      expect(rows[rows.length - 1]).toMatchObject({
        outcome: 'denied',
        actor_role: 'supervisor',
        resource_type: 'route',
        resource_id: 'GET /api/v1/users',
        details: { reason: 'role_lacks_permission', permission: 'user.list', route: 'GET /api/v1/users' },
      });
      expect(rows[rows.length - 1].raw).not.toContain(actors.supervisor.token);
    });

    it('keeps admins away from case content (separation of duties)', async () => {
      const { roleHas, Permission } = await import('@app/identity');
      const casePermissions = Object.values(Permission).filter((p) => /^(consultation|message|triage_queue|audit|stats)\./.test(p));
      expect(casePermissions.length).toBeGreaterThan(5);
      for (const permission of casePermissions) expect(roleHas('admin', permission)).toBe(false);
    });
  });
});
