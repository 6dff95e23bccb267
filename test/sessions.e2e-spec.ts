import { Role } from '@app/identity';
import * as jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { Account, createAccount, loginAs, LoginAnswer } from '@app/testing/e2e/actors';
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
    const res = await ctx.http
      .post('/api/v1/auth/login')
      .set('User-Agent', userAgent)
      .send({ email: account.email, password: account.password });
    expect(res.status).toBe(200);
    return res.body as LoginAnswer;
  };
  const organization = async () =>
    (
      await ctx.db.query(
        `INSERT INTO organizations (name, kind) VALUES ('Sessions org', 'school') RETURNING id`,
      )
    ).rows[0].id as string;
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
      const { rows } = await ctx.db.query(
        `SELECT method, ip, user_agent, last_used_at >= created_at AS used FROM auth_sessions WHERE id = $1`,
        [sessionOf(login)],
      );
      expect(rows).toEqual([
        {
          method: 'password',
          ip: expect.stringMatching(/127\.0\.0\.1/),
          user_agent: 'Firefox/140 test',
          used: true,
        },
      ]);
      const audit = await ctx.db.query(
        `SELECT details FROM audit_events WHERE action = 'auth.login' AND resource_id = $1`,
        [sessionOf(login)],
      );
      expect(audit.rows).toEqual([{ details: { method: 'password' } }]);
    });

    it('opens a login from a client with a very long User-Agent, keeping a bounded part of it', async () => {
      const account = await createAccount(ctx, Role.Requester, { organizationId: await organization() });
      const login = await logInFrom(account, 'x'.repeat(2000));
      const { rows } = await ctx.db.query(`SELECT length(user_agent) AS n FROM auth_sessions WHERE id = $1`, [
        sessionOf(login),
      ]);
      expect(rows[0].n).toBeGreaterThan(100);
      expect(rows[0].n).toBeLessThanOrEqual(512);
    });
  });

  describe('GET /auth/sessions', () => {
    it("lists the caller's live logins with where and how they were opened, the current one marked", async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const phone = await logInFrom(account, 'Phone browser');
      const laptop = await logInFrom(account, 'Laptop browser');
      const ended = await logInFrom(account, 'Ended browser');
      await ctx.http
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${ended.accessToken}`)
        .send({})
        .expect(204);
      const other = await createAccount(ctx, Role.Investigator);
      await logInFrom(other, 'Someone else');

      const res = await ctx.http
        .get('/api/v1/auth/sessions')
        .set('Authorization', `Bearer ${laptop.accessToken}`)
        .expect(200);
      expect(res.body.items).toHaveLength(2);
      const byAgent = Object.fromEntries(res.body.items.map((i: { userAgent: string }) => [i.userAgent, i]));
      expect(byAgent['Laptop browser']).toEqual({
        id: sessionOf(laptop),
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        ip: expect.stringMatching(/127\.0\.0\.1/),
        userAgent: 'Laptop browser',
        method: 'password',
        current: true,
      });
      expect(byAgent['Phone browser']).toMatchObject({
        id: sessionOf(phone),
        current: false,
        method: 'password',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/token|hash/i);
    });

    it('leaves out logins that ran out of time', async () => {
      const account = await createAccount(ctx, Role.Supervisor);
      const idle = await loginAs(ctx, account.email, account.password);
      const old = await loginAs(ctx, account.email, account.password);
      const current = await loginAs(ctx, account.email, account.password);
      await ctx.db.query(
        `UPDATE auth_sessions SET last_used_at = now() - interval '31 minutes' WHERE id = $1`,
        [sessionOf(idle)],
      );
      await ctx.db.query(`UPDATE auth_sessions SET created_at = now() - interval '13 hours' WHERE id = $1`, [
        sessionOf(old),
      ]);
      const res = await ctx.http
        .get('/api/v1/auth/sessions')
        .set('Authorization', `Bearer ${current.accessToken}`)
        .expect(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([sessionOf(current)]);
    });
  });

  describe('DELETE /auth/sessions/:id', () => {
    it('ends one of my logins: its access token is 401 on the very next request and its refresh is 401; mine go on', async () => {
      const account = await createAccount(ctx, Role.Admin);
      const mine = await loginAs(ctx, account.email, account.password);
      const lost = await loginAs(ctx, account.email, account.password);
      await me(lost.accessToken).expect(200);
      await ctx.http
        .delete(`/api/v1/auth/sessions/${sessionOf(lost)}`)
        .set('Authorization', `Bearer ${mine.accessToken}`)
        .expect(204);
      await me(lost.accessToken).expect(401);
      await refresh(lost.refreshToken).expect(401);
      await me(mine.accessToken).expect(200);
      await refresh(mine.refreshToken).expect(200);
      const audit = await ctx.db.query(
        `SELECT actor_id, outcome, details FROM audit_events WHERE action = 'auth.session_end' AND resource_id = $1`,
        [sessionOf(lost)],
      );
      expect(audit.rows).toEqual([{ actor_id: account.id, outcome: 'success', details: { current: false } }]);
    });

    it("answers 404 for someone else's login (which goes on, and the attempt is audited), an unknown one and one already ended", async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const victim = await createAccount(ctx, Role.Supervisor);
      const mine = await loginAs(ctx, account.email, account.password);
      const theirs = await loginAs(ctx, victim.email, victim.password);
      const asMe = (id: string) =>
        ctx.http.delete(`/api/v1/auth/sessions/${id}`).set('Authorization', `Bearer ${mine.accessToken}`);
      const notFound = await asMe(sessionOf(theirs)).expect(404);
      expect(notFound.headers['content-type']).toMatch(/application\/problem\+json/);
      await me(theirs.accessToken).expect(200);
      await asMe(randomUUID()).expect(404);
      const second = await loginAs(ctx, account.email, account.password);
      await asMe(sessionOf(second)).expect(204);
      await asMe(sessionOf(second)).expect(404);
      await asMe('not-a-uuid').expect(400);
      const denied = await ctx.db.query(
        `SELECT actor_id, details FROM audit_events WHERE action = 'access.denied' AND resource_type = 'session' AND resource_id = $1`,
        [sessionOf(theirs)],
      );
      expect(denied.rows).toEqual([{ actor_id: account.id, details: { attempted: 'auth.session_end' } }]);
    });

    it('may end the current login too (like logout)', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const login = await loginAs(ctx, account.email, account.password);
      await ctx.http
        .delete(`/api/v1/auth/sessions/${sessionOf(login)}`)
        .set('Authorization', `Bearer ${login.accessToken}`)
        .expect(204);
      await me(login.accessToken).expect(401);
    });
  });

  describe('POST /auth/password', () => {
    const change = (token: string, body: object) =>
      ctx.http.post('/api/v1/auth/password').set('Authorization', `Bearer ${token}`).send(body);

    it('changes the password, ends every other login at once and keeps the current one', async () => {
      const account = await createAccount(ctx, Role.Requester, { organizationId: await organization() });
      const current = await loginAs(ctx, account.email, account.password);
      const other = await loginAs(ctx, account.email, account.password);
      const third = await loginAs(ctx, account.email, account.password);
      const stranger = await createAccount(ctx, Role.Investigator);
      const strangers = await loginAs(ctx, stranger.email, stranger.password);
      await change(current.accessToken, {
        currentPassword: account.password,
        newPassword: 'a new and long passphrase',
      }).expect(204);

      await me(other.accessToken).expect(401);
      await me(third.accessToken).expect(401);
      await refresh(other.refreshToken).expect(401);
      await me(current.accessToken).expect(200);
      await refresh(current.refreshToken).expect(200);
      await me(strangers.accessToken).expect(200);
      await ctx.http
        .post('/api/v1/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(401);
      await loginAs(ctx, account.email, 'a new and long passphrase');

      const audit = await ctx.db.query(
        `SELECT outcome, details, row_to_json(a)::text AS raw FROM audit_events a WHERE action = 'auth.password_change' AND actor_id = $1`,
        [account.id],
      );
      expect(audit.rows.map((r) => [r.outcome, r.details])).toEqual([['success', { sessionsEnded: 2 }]]);
      expect(audit.rows[0].raw).not.toContain('passphrase');
      expect(audit.rows[0].raw).not.toContain(account.password);
    });

    it('refuses a wrong current password with a clear 400 naming the field, audits it, and changes nothing', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const current = await loginAs(ctx, account.email, account.password);
      const other = await loginAs(ctx, account.email, account.password);
      const res = await change(current.accessToken, {
        currentPassword: 'wrong-password-here',
        newPassword: 'a new and long passphrase',
      }).expect(400);
      expect(res.body.detail).toBe('The current password is incorrect.');
      expect(res.body.errors).toEqual([
        { field: 'currentPassword', message: 'The current password is incorrect.' },
      ]);
      await me(other.accessToken).expect(200);
      await loginAs(ctx, account.email, account.password);
      const audit = await ctx.db.query(
        `SELECT outcome, details, row_to_json(a)::text AS raw FROM audit_events a WHERE action = 'auth.password_change' AND actor_id = $1`,
        [account.id],
      );
      expect(audit.rows.map((r) => [r.outcome, r.details])).toEqual([
        ['failure', { reason: 'wrong_password' }],
      ]);
      expect(audit.rows[0].raw).not.toContain('wrong-password-here');
    });

    it('throttles wrong current passwords like failed logins (429 with Retry-After), sharing the account’s login limit', async () => {
      const account = await createAccount(ctx, Role.Supervisor);
      const current = await loginAs(ctx, account.email, account.password);
      for (let i = 0; i < 10; i++) {
        await change(current.accessToken, {
          currentPassword: `wrong-${i}`,
          newPassword: 'a new and long passphrase',
        }).expect(400);
      }
      const throttled = await change(current.accessToken, {
        currentPassword: account.password,
        newPassword: 'a new and long passphrase',
      }).expect(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      // The login form from the same address is held back too: one budget per account and source.
      await ctx.http
        .post('/api/v1/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(429);
    });

    it('answers 409 for an account without a password', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const current = await loginAs(ctx, account.email, account.password);
      await ctx.db.query(`UPDATE users SET password_hash = NULL WHERE id = $1`, [account.id]);
      const res = await change(current.accessToken, {
        currentPassword: account.password,
        newPassword: 'a new and long passphrase',
      }).expect(409);
      expect(res.body.detail).toBe('This account has no password to change.');
    });

    it('keeps the password rules: at least 12 characters, different from the current one, both fields required', async () => {
      const account = await createAccount(ctx, Role.Admin);
      const current = await loginAs(ctx, account.email, account.password);
      const short = await change(current.accessToken, {
        currentPassword: account.password,
        newPassword: 'short',
      }).expect(400);
      expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      const same = await change(current.accessToken, {
        currentPassword: account.password,
        newPassword: account.password,
      }).expect(400);
      expect(same.body.errors).toEqual([
        { field: 'newPassword', message: 'The new password must differ from the current password.' },
      ]);
      await change(current.accessToken, { newPassword: 'a new and long passphrase' }).expect(400);
      await change(current.accessToken, {
        currentPassword: account.password,
        newPassword: 'x'.repeat(257),
      }).expect(400);
      await loginAs(ctx, account.email, account.password);
    });
  });

  describe('idle and absolute limits', () => {
    it('moves last_used_at on use only when it is more than a minute old', async () => {
      const account = await createAccount(ctx, Role.Supervisor);
      const login = await loginAs(ctx, account.email, account.password);
      const sid = sessionOf(login);
      await ctx.db.query(
        `UPDATE auth_sessions SET last_used_at = now() - interval '30 seconds' WHERE id = $1`,
        [sid],
      );
      await me(login.accessToken).expect(200);
      const recent = await ctx.db.query(
        `SELECT now() - last_used_at > interval '25 seconds' AS unchanged FROM auth_sessions WHERE id = $1`,
        [sid],
      );
      expect(recent.rows[0].unchanged).toBe(true);
      await ctx.db.query(
        `UPDATE auth_sessions SET last_used_at = now() - interval '5 minutes' WHERE id = $1`,
        [sid],
      );
      await me(login.accessToken).expect(200);
      const moved = await ctx.db.query(
        `SELECT now() - last_used_at < interval '10 seconds' AS moved FROM auth_sessions WHERE id = $1`,
        [sid],
      );
      expect(moved.rows[0].moved).toBe(true);
    });

    it('ends a login unused for SESSION_IDLE_MINUTES: its access token and its refresh are 401', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const login = await loginAs(ctx, account.email, account.password);
      await me(login.accessToken).expect(200);
      await ctx.db.query(
        `UPDATE auth_sessions SET last_used_at = now() - interval '31 minutes' WHERE id = $1`,
        [sessionOf(login)],
      );
      await me(login.accessToken).expect(401);
      await refresh(login.refreshToken).expect(401);
      expect(await denials(account.id, 'session_expired')).toEqual(
        expect.arrayContaining(['access.denied', 'auth.refresh']),
      );
    });

    it('keeps a login used 29 minutes ago alive, and refreshing counts as use', async () => {
      const account = await createAccount(ctx, Role.Investigator);
      const login = await loginAs(ctx, account.email, account.password);
      await ctx.db.query(
        `UPDATE auth_sessions SET last_used_at = now() - interval '29 minutes' WHERE id = $1`,
        [sessionOf(login)],
      );
      const pair = await refresh(login.refreshToken).expect(200);
      const { rows } = await ctx.db.query(
        `SELECT now() - last_used_at < interval '10 seconds' AS moved FROM auth_sessions WHERE id = $1`,
        [sessionOf(login)],
      );
      expect(rows[0].moved).toBe(true);
      await me(pair.body.accessToken).expect(200);
    });

    it('ends a login older than SESSION_MAX_HOURS however recently it was used', async () => {
      const account = await createAccount(ctx, Role.Admin);
      const login = await loginAs(ctx, account.email, account.password);
      await ctx.db.query(
        `UPDATE auth_sessions SET created_at = now() - interval '12 hours 1 minute' WHERE id = $1`,
        [sessionOf(login)],
      );
      await me(login.accessToken).expect(401);
      await refresh(login.refreshToken).expect(401);
      // An 11-hour-old login in use still works.
      const other = await loginAs(ctx, account.email, account.password);
      await ctx.db.query(`UPDATE auth_sessions SET created_at = now() - interval '11 hours' WHERE id = $1`, [
        sessionOf(other),
      ]);
      await me(other.accessToken).expect(200);
      await refresh(other.refreshToken).expect(200);
    });
  });
});

describe('Sessions with small limits (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS from the environment)', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    // 6 s idle, 10.8 s absolute
    ctx = await createE2eContext('sessions-small', {
      env: { SESSION_IDLE_MINUTES: '0.1', SESSION_MAX_HOURS: '0.003' },
    });
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
