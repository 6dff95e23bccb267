import { Role } from '@app/identity';
import * as jwt from 'jsonwebtoken';
import { Account, createAccount, loginAs, LoginAnswer } from './support/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';

/** api.md "Sessions": the caller's logins, their idle and absolute limits, password change. */
describe('Sessions (api.md "Sessions")', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    ctx = await createE2eContext('sessions');
  });
  afterAll(() => ctx.close());

  const me = (token: string) => ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const refresh = (refreshToken: string) => ctx.http.post('/api/v1/auth/refresh').send({ refreshToken });
  const sessionOf = (login: LoginAnswer) => (jwt.decode(login.accessToken) as { sid: string }).sid;
  const logInFrom = async (account: Account, userAgent: string): Promise<LoginAnswer> => {
    const res = await ctx.http.post('/api/v1/auth/login').set('User-Agent', userAgent).send({ email: account.email, password: account.password });
    expect(res.status).toBe(200);
    return res.body as LoginAnswer;
  };
  const denials = async (userId: string, reason: string) =>
    (
      await ctx.db.query(
        `SELECT action FROM audit_events WHERE actor_id = $1 AND outcome = 'denied' AND details->>'reason' = $2`,
        [userId, reason],
      )
    ).rows.map((r) => r.action);

  describe('a login records how and from where it was opened', () => {
    it('stores the method, IP and User-Agent, and audits the method', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const login = await logInFrom(account, 'Firefox/140 test');
      const { rows } = await ctx.db.query(`SELECT method, ip, user_agent, last_used_at >= created_at AS used FROM auth_sessions WHERE id = $1`, [
        sessionOf(login),
      ]);
      expect(rows).toEqual([{ method: 'password', ip: expect.stringMatching(/127\.0\.0\.1/), user_agent: 'Firefox/140 test', used: true }]);
      const audit = await ctx.db.query(`SELECT details FROM audit_events WHERE action = 'auth.login' AND resource_id = $1`, [sessionOf(login)]);
      expect(audit.rows).toEqual([{ details: { method: 'password' } }]);
    });

    it('opens a login from a client with a very long User-Agent, keeping a bounded part of it', async () => {
      const account = await createAccount(ctx, Role.Requester, { organizationId: (await ctx.db.query(`INSERT INTO organizations (name, kind) VALUES ('o', 'school') RETURNING id`)).rows[0].id });
      const login = await logInFrom(account, 'x'.repeat(2000));
      const { rows } = await ctx.db.query(`SELECT length(user_agent) AS n FROM auth_sessions WHERE id = $1`, [sessionOf(login)]);
      expect(rows[0].n).toBeGreaterThan(100);
      expect(rows[0].n).toBeLessThanOrEqual(512);
    });
  });

  describe('idle and absolute limits', () => {
    it('moves last_used_at on use only when it is more than a minute old', async () => {
      const account = await createAccount(ctx, Role.Supervisor);
      const login = await loginAs(ctx, account.email, account.password);
      const sid = sessionOf(login);
      await ctx.db.query(`UPDATE auth_sessions SET last_used_at = now() - interval '30 seconds' WHERE id = $1`, [sid]);
      await me(login.accessToken).expect(200);
      const recent = await ctx.db.query(`SELECT now() - last_used_at > interval '25 seconds' AS unchanged FROM auth_sessions WHERE id = $1`, [sid]);
      expect(recent.rows[0].unchanged).toBe(true);
      await ctx.db.query(`UPDATE auth_sessions SET last_used_at = now() - interval '5 minutes' WHERE id = $1`, [sid]);
      await me(login.accessToken).expect(200);
      const moved = await ctx.db.query(`SELECT now() - last_used_at < interval '10 seconds' AS moved FROM auth_sessions WHERE id = $1`, [sid]);
      expect(moved.rows[0].moved).toBe(true);
    });

    it('ends a login unused for SESSION_IDLE_MINUTES: its access token and its refresh are 401', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const login = await loginAs(ctx, account.email, account.password);
      await me(login.accessToken).expect(200);
      await ctx.db.query(`UPDATE auth_sessions SET last_used_at = now() - interval '31 minutes' WHERE id = $1`, [sessionOf(login)]);
      await me(login.accessToken).expect(401);
      await refresh(login.refreshToken).expect(401);
      expect(await denials(account.id, 'session_expired')).toEqual(expect.arrayContaining(['access.denied', 'auth.refresh']));
    });

    it('keeps a login used 29 minutes ago alive, and refreshing counts as use', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const login = await loginAs(ctx, account.email, account.password);
      await ctx.db.query(`UPDATE auth_sessions SET last_used_at = now() - interval '29 minutes' WHERE id = $1`, [sessionOf(login)]);
      const pair = await refresh(login.refreshToken).expect(200);
      const { rows } = await ctx.db.query(`SELECT now() - last_used_at < interval '10 seconds' AS moved FROM auth_sessions WHERE id = $1`, [sessionOf(login)]);
      expect(rows[0].moved).toBe(true);
      await me(pair.body.accessToken).expect(200);
    });

    it('ends a login older than SESSION_MAX_HOURS however recently it was used', async () => {
      const account = await createAccount(ctx, Role.Admin);
      const login = await loginAs(ctx, account.email, account.password);
      await ctx.db.query(`UPDATE auth_sessions SET created_at = now() - interval '12 hours 1 minute' WHERE id = $1`, [sessionOf(login)]);
      await me(login.accessToken).expect(401);
      await refresh(login.refreshToken).expect(401);
      // An 11-hour-old login in use still works.
      const other = await loginAs(ctx, account.email, account.password);
      await ctx.db.query(`UPDATE auth_sessions SET created_at = now() - interval '11 hours' WHERE id = $1`, [sessionOf(other)]);
      await me(other.accessToken).expect(200);
      await refresh(other.refreshToken).expect(200);
    });
  });
});

describe('Sessions with small limits (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS from the environment)', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    // 6 s idle, 10.8 s absolute
    ctx = await createE2eContext('sessions-small', { env: { SESSION_IDLE_MINUTES: '0.1', SESSION_MAX_HOURS: '0.003' } });
  });
  afterAll(() => ctx.close());

  const me = (token: string) => ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('ends a login after the configured idle time, and another in use after the configured maximum age', async () => {
    const account = await createAccount(ctx, Role.Investigator);
    const idle = await loginAs(ctx, account.email, account.password);
    const busy = await loginAs(ctx, account.email, account.password);
    for (let i = 0; i < 4; i++) {
      await pause(2000);
      await me(busy.accessToken).expect(200);
    }
    await me(idle.accessToken).expect(401);
    await pause(3500);
    await me(busy.accessToken).expect(401);
    await ctx.http.post('/api/v1/auth/refresh').send({ refreshToken: busy.refreshToken }).expect(401);
  });
});
