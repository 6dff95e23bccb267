import { RESET_ANSWER_FLOOR_MS, Role } from '@app/identity';
import { createAccount, loginAs } from '@app/testing/e2e/actors';
import { linkIn, mailCount, mailTo, storedAnywhere } from '@app/testing/e2e/account-link-support';
import { auditEvents } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { SmtpSink } from '@app/testing/e2e/smtp-sink';


const WEB = 'https://intake.example';
const NEW_PASSWORD = 'a brand new long password';

/**
 * Password reset by email (api.md "Accounts", docs/accounts.md), end to end with the worker and a
 * real SMTP server: no account enumeration, one-time links valid 30 minutes, every login ends.
 */
describe('Password reset', () => {
  let sink: SmtpSink;
  let ctx: E2eContext;

  const ask = (email: string) => ctx.http.post('/api/v1/auth/password-reset').send({ email });
  const complete = (token: string, newPassword = NEW_PASSWORD) =>
    ctx.http.post('/api/v1/auth/password-reset/complete').send({ token, newPassword });
  const resetLinkOf = async (email: string, nth = 1) =>
    linkIn(await mailTo(sink, email, nth), WEB, '/reset-password');
  const settle = () => new Promise((r) => setTimeout(r, 1500));
  const linkRows = async () =>
    (await ctx.db.query(`SELECT count(*)::int AS n FROM account_links`)).rows[0].n as number;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ctx = await createE2eContext('passwordreset', {
      env: {
        SMTP_URL: sink.url,
        MAIL_FROM: 'Konsultation <no-reply@intake.example>',
        WEB_BASE_URL: WEB,
        THROTTLE_IP_LIMIT: '10000',
      },
      worker: true,
    });
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  it('answers 202 for an unknown email exactly as for a known one (no sooner), and sends nothing', async () => {
    const known = await createAccount(ctx, Role.Investigator);
    const linksBefore = await linkRows();
    const auditBefore = (await auditEvents(ctx, {})).length;
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await ask(email).expect(202);
      return { res, ms: performance.now() - started };
    };
    const { res: unknown, ms: unknownMs } = await timed('nobody-here@test.example');
    await settle();
    expect(sink.received).toEqual([]);
    expect(await linkRows()).toBe(linksBefore);
    expect((await auditEvents(ctx, {})).length).toBe(auditBefore);
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'mail.account_link'`,
    );
    expect(rows[0].n).toBe(0);

    const { res: answer, ms: knownMs } = await timed(known.email);
    // Both answered no sooner than the floor (RESET_ANSWER_FLOOR_MS), which hides the known account's extra work.
    expect(unknownMs).toBeGreaterThanOrEqual(RESET_ANSWER_FLOOR_MS);
    expect(knownMs).toBeGreaterThanOrEqual(RESET_ANSWER_FLOOR_MS);
    expect(answer.text).toBe(unknown.text);
    expect(answer.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(Object.keys(answer.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
    await mailTo(sink, known.email);
  });

  it('mails a known active account a one-time link valid 30 minutes, and audits it without the token', async () => {
    const account = await createAccount(ctx, Role.Supervisor);
    await ask(account.email.toUpperCase()).expect(202);
    const mail = await mailTo(sink, account.email);
    expect(mail.subject).toBe('Återställ ditt lösenord');
    expect(mail.text).toContain('30 minuter');
    const { token } = linkIn(mail, WEB, '/reset-password');
    expect(await storedAnywhere(ctx, token)).toEqual([]);
    const [requested] = await auditEvents(ctx, {
      action: 'auth.password_reset_requested',
      resourceId: account.id,
    });
    expect(requested).toMatchObject({
      actor_role: 'anonymous',
      details: { mailQueued: true, expiresAt: expect.any(String) },
    });
    const { rows } = await ctx.db.query(
      `SELECT expires_at - created_at AS valid FROM account_links WHERE user_id = $1`,
      [account.id],
    );
    expect(rows[0].valid).toEqual({ minutes: 30 });
  });

  it('sets the new password and ends every login of the account; the link works once', async () => {
    const account = await createAccount(ctx, Role.Investigator);
    const first = await loginAs(ctx, account.email, account.password);
    const second = await loginAs(ctx, account.email, account.password);
    await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${first.accessToken}`).expect(200);

    await ask(account.email).expect(202);
    const { token } = await resetLinkOf(account.email);
    await complete(token).expect(204);

    for (const login of [first, second]) {
      await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${login.accessToken}`).expect(401);
      await ctx.http.post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken }).expect(401);
    }
    await ctx.http
      .post('/api/v1/auth/login')
      .send({ email: account.email, password: account.password })
      .expect(401);
    await loginAs(ctx, account.email, NEW_PASSWORD);

    const twice = await complete(token, 'yet another long password').expect(410);
    expect(twice.body.detail).toMatch(/cannot be used/);
    await loginAs(ctx, account.email, NEW_PASSWORD);
    const [completed] = await auditEvents(ctx, {
      action: 'auth.password_reset_completed',
      resourceId: account.id,
    });
    expect(completed).toMatchObject({ actor_id: account.id, details: { sessionsRevoked: 2 } });
    expect(JSON.stringify(await auditEvents(ctx, { resourceId: account.id }))).not.toContain(token);
  });

  it('refuses an expired link, an unknown one, and one replaced by a newer request alike (410)', async () => {
    const account = await createAccount(ctx, Role.Admin);
    await ask(account.email).expect(202);
    const older = await resetLinkOf(account.email);
    await ask(account.email).expect(202);
    const newer = await resetLinkOf(account.email, 2);
    const replaced = await complete(older.token).expect(410);

    await ctx.db.query(
      `UPDATE account_links SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [account.id],
    );
    expect((await complete(newer.token).expect(410)).body.detail).toBe(replaced.body.detail);
    expect((await complete('B'.repeat(43)).expect(410)).body.detail).toBe(replaced.body.detail);
    await loginAs(ctx, account.email, account.password);
  });

  it('sends nothing to an invited or a deactivated account, and issues at most 3 links per address an hour', async () => {
    const deactivated = await createAccount(ctx, Role.Investigator);
    await ctx.db.query(`UPDATE users SET active = false WHERE id = $1`, [deactivated.id]);
    const invited = await createAccount(ctx, Role.Investigator);
    await ctx.db.query(`UPDATE users SET password_hash = NULL WHERE id = $1`, [invited.id]);
    const busy = await createAccount(ctx, Role.Supervisor);
    await ask(deactivated.email).expect(202);
    await ask(invited.email).expect(202);
    for (let i = 0; i < 5; i++) await ask(busy.email).expect(202);
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS issued, count(*) FILTER (WHERE revoked_at IS NULL)::int AS open
       FROM account_links WHERE user_id = $1`,
      [busy.id],
    );
    // Three links, of which only the newest is open (a link's mail is not sent once a newer one replaced it).
    expect(rows[0]).toEqual({ issued: 3, open: 1 });
    await mailTo(sink, busy.email);
    await settle();
    expect(mailCount(sink, busy.email)).toBeLessThanOrEqual(3);
    expect(mailCount(sink, deactivated.email)).toBe(0);
    expect(mailCount(sink, invited.email)).toBe(0);
  });

  it('leaves one link open when two requests for one account arrive at once', async () => {
    const account = await createAccount(ctx, Role.Investigator);
    await Promise.all([ask(account.email).expect(202), ask(account.email).expect(202)]);
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS issued, count(*) FILTER (WHERE revoked_at IS NULL)::int AS open
       FROM account_links WHERE user_id = $1`,
      [account.id],
    );
    expect(rows[0]).toEqual({ issued: 2, open: 1 });
  });

  it('answers 400 for a short new password or a missing field', async () => {
    const short = await complete('C'.repeat(43), 'elevenchars').expect(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
    const missing = await ctx.http.post('/api/v1/auth/password-reset').send({}).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['email']);
  });
});

describe('Account link routes are throttled per client IP', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    ctx = await createE2eContext('linkthrottle', { env: { THROTTLE_ANONYMOUS_LIMIT: '3' } });
  });
  afterAll(() => ctx.close());

  it('answers 429 with Retry-After once the anonymous limit is reached, on each public step', async () => {
    const calls = [
      () => ctx.http.post('/api/v1/auth/password-reset').send({ email: 'someone@test.example' }),
      () =>
        ctx.http
          .post('/api/v1/auth/password-reset/complete')
          .send({ token: 'D'.repeat(43), newPassword: NEW_PASSWORD }),
      () =>
        ctx.http
          .post('/api/v1/auth/invitations/accept')
          .send({ token: 'E'.repeat(43), password: NEW_PASSWORD }),
    ];
    expect((await calls[0]()).status).toBe(202);
    expect((await calls[1]()).status).toBe(410);
    expect((await calls[2]()).status).toBe(410);
    for (const call of calls) {
      const res = await call();
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });
});
