import { RefusalTally, Role } from '@app/identity';
import { PrivateRedis } from '@app/testing';
import request from 'supertest';
import { createApiApp } from '../apps/api/src/api-app.factory';
import { Account, createAccount, createActors, loginAs } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';

const login = (ctx: E2eContext, email: string, password: string) => ctx.http.post('/api/v1/auth/login').send({ email, password });

function expect429(res: { status: number; headers: Record<string, string>; body: { status?: number } }, maxSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

describe('Login throttling per account (10 failed logins in 15 minutes), shared through Redis', () => {
  let ctx: E2eContext;
  let victim: Account;
  let bystander: Account;

  beforeAll(async () => {
    ctx = await createE2eContext('throttleacct', { env: { THROTTLE_IP_LIMIT: '100', THROTTLE_LOGIN_FAILURES: '10', THROTTLE_LOGIN_WINDOW_SECONDS: '900' } });
    victim = await createAccount(ctx, Role.Investigator);
    bystander = await createAccount(ctx, Role.Investigator);
  });
  afterAll(() => ctx.close());

  it('answers 429 with Retry-After after 10 failed logins, even with the right password, until the window passes', async () => {
    for (let i = 0; i < 10; i++) expect((await login(ctx, victim.email, `wrong-password-${i}`)).status).toBe(401);
    expect429(await login(ctx, victim.email, victim.password), 900);
    expect429(await login(ctx, victim.email.toUpperCase(), victim.password), 900);
    const failed = await ctx.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.login_failed' AND actor_id = $1`, [victim.id]);
    expect(failed.rows[0].n).toBe(10);
  });

  it('holds across API replicas: another app on the same Redis refuses the locked account too', async () => {
    const replica = await createApiApp();
    try {
      const res = await request(replica.getHttpServer()).post('/api/v1/auth/login').send({ email: victim.email, password: victim.password });
      expect429(res, 900);
    } finally {
      await replica.close();
    }
  });

  it('keeps other accounts on the same address logging in', async () => {
    expect((await login(ctx, bystander.email, bystander.password)).status).toBe(200);
  });

  it('counts failures, not attempts: a successful login clears the count', async () => {
    const account = await createAccount(ctx, Role.Supervisor);
    for (let i = 0; i < 9; i++) expect((await login(ctx, account.email, 'wrong-password-x')).status).toBe(401);
    expect((await login(ctx, account.email, account.password)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await login(ctx, account.email, 'wrong-password-y')).status).toBe(401);
    expect((await login(ctx, account.email, account.password)).status).toBe(200);
  });

  it('counts an unknown email like any other, so lockout does not reveal which accounts exist', async () => {
    for (let i = 0; i < 10; i++) expect((await login(ctx, 'ghost@test.example', 'wrong-password-z')).status).toBe(401);
    expect429(await login(ctx, 'ghost@test.example', 'wrong-password-z'), 900);
  });
});

describe('Login and refresh throttling per IP', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    ctx = await createE2eContext('throttleip', { env: { THROTTLE_IP_LIMIT: '8', THROTTLE_IP_WINDOW_SECONDS: '60', THROTTLE_LOGIN_FAILURES: '10' } });
  });
  afterAll(() => ctx.close());

  it('answers 429 with Retry-After once one address exceeds THROTTLE_IP_LIMIT attempts a minute', async () => {
    const accounts = await Promise.all([1, 2, 3].map(() => createAccount(ctx, Role.Investigator)));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const account = accounts[i % 3];
      statuses.push((await login(ctx, account.email, account.password)).status);
    }
    expect(statuses).toEqual(Array(8).fill(200));
    expect429(await login(ctx, accounts[0].email, accounts[0].password), 60);
  });

  it('limits refresh per address as well', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await ctx.http.post('/api/v1/auth/refresh').send({ refreshToken: 'q'.repeat(43) })).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(statuses[8]).toBe(429);
  });
});

describe('With Redis unreachable', () => {
  let ctx: E2eContext;
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    ctx = await createE2eContext('throttleredisdown', { env: { REDIS_URL: redis.url, THROTTLE_IP_LIMIT: '100', THROTTLE_LOGIN_FAILURES: '10' } });
  });
  afterAll(async () => {
    await ctx.close();
    await redis.stop();
  });

  it('keeps logins, refresh and authenticated requests working, and still limits failures in memory', async () => {
    const actors = await createActors(ctx);
    const locked = await createAccount(ctx, Role.Investigator);
    await redis.stop();

    const started = Date.now();
    const answer = await loginAs(ctx, actors.supervisor.email, actors.supervisor.password);
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await actors.admin.auth(ctx.http.get('/api/v1/users'))).status).toBe(200);
    expect((await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${answer.accessToken}`)).status).toBe(200);
    expect((await ctx.http.post('/api/v1/auth/refresh').send({ refreshToken: answer.refreshToken })).status).toBe(200);

    for (let i = 0; i < 10; i++) expect((await login(ctx, locked.email, `bad-password-${i}`)).status).toBe(401);
    expect429(await login(ctx, locked.email, locked.password), 900);

    await redis.start();
    expect((await login(ctx, actors.investigator.email, actors.investigator.password)).status).toBe(200);
  });
});

describe('Login limits that hold under attack (issue 11, items 5 and 6)', () => {
  let ctx: E2eContext;
  const attacker = '198.51.100.7';
  const owner = '203.0.113.20';
  const from = (ip: string, email: string, password: string) =>
    ctx.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });
  const loginFailures = async (accountId: string) =>
    (
      await ctx.db.query(
        `SELECT details FROM audit_events WHERE action = 'auth.login_failed' AND resource_id = $1 ORDER BY seq`,
        [accountId],
      )
    ).rows.map((r) => r.details as Record<string, unknown>);

  beforeAll(async () => {
    // TRUST_PROXY=1: the client is the address the one proxy in front (here: the test) puts in X-Forwarded-For.
    ctx = await createE2eContext('throttleattack', {
      env: {
        TRUST_PROXY: '1',
        THROTTLE_IP_LIMIT: '1000',
        THROTTLE_LOGIN_FAILURES: '10',
        THROTTLE_LOGIN_ACCOUNT_FAILURES: '25',
      },
    });
  });
  afterAll(() => ctx.close());

  it('checks at most 10 of 40 parallel wrong guesses (counted before the password is verified); the rest are 429', async () => {
    const account = await createAccount(ctx, Role.Investigator);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => from(attacker, account.email, `parallel-guess-${i}`)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const checked = (await loginFailures(account.id)).filter((d) => d.reason === 'wrong_password');
    expect(checked.length).toBeLessThanOrEqual(10);
  });

  it('normalises the email one way (NFKC, locale-free lower case): İ for i reaches the same account and the same counter', async () => {
    const account = await createAccount(ctx, Role.Investigator, { email: `iris-${Date.now()}@test.example` });
    const dotted = account.email.replace(/i/g, 'İ');
    const fullWidth = account.email.replace('iris', 'ＩＲＩＳ');
    // The variants are the account: the right password logs in through each.
    expect((await from(owner, dotted, account.password)).body.user?.id).toBe(account.id);
    expect((await from(owner, fullWidth, account.password)).body.user?.id).toBe(account.id);
    // ...and they share one counter: 5 wrong guesses each way exhaust the 10 of this source.
    for (let i = 0; i < 5; i++)
      expect((await from(attacker, account.email, `wrong-a-${i}`)).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await from(attacker, dotted, `wrong-b-${i}`)).status).toBe(401);
    expect429(await from(attacker, fullWidth, account.password), 900);
  });

  it('does not let an attacker elsewhere lock the owner out; throttled attempts are audited in aggregate', async () => {
    const account = await createAccount(ctx, Role.Supervisor);
    for (let i = 0; i < 10; i++) expect((await from(attacker, account.email, `wrong-${i}`)).status).toBe(401);
    for (let i = 0; i < 5; i++) expect429(await from(attacker, account.email, account.password), 900);
    // The owner, from another address, with the right password:
    expect((await from(owner, account.email, account.password)).status).toBe(200);

    // The five throttled attempts: no row each, one aggregated event once the minute has ended.
    expect((await loginFailures(account.id)).filter((d) => d.reason === 'throttled')).toEqual([]);
    await ctx.app.get(RefusalTally).flush(Date.now() + 61_000);
    const { rows } = await ctx.db.query(
      `SELECT ip, actor_role, outcome, details FROM audit_events WHERE action = 'auth.login_failed' AND resource_id = $1 AND details->>'reason' = 'throttled'`,
      [account.id],
    );
    expect(rows).toEqual([
      {
        ip: attacker,
        actor_role: 'anonymous',
        outcome: 'failure',
        details: expect.objectContaining({
          reason: 'throttled',
          scope: 'account_source',
          aggregated: true,
          count: 5,
          windowSeconds: 60,
        }),
      },
    ]);
  });

  it('keeps a per-account ceiling over all sources (THROTTLE_LOGIN_ACCOUNT_FAILURES), which then holds for the owner too', async () => {
    const account = await createAccount(ctx, Role.Investigator);
    for (let i = 0; i < 25; i++) {
      expect((await from(`198.51.100.${100 + (i % 5)}`, account.email, `spread-${i}`)).status).toBe(401);
    }
    expect429(await from('198.51.100.200', account.email, 'spread-x'), 900);
    expect429(await from(owner, account.email, account.password), 900);
  });
});
