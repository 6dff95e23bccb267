import { RefusalTally } from '@app/identity';
import { PrivateRedis } from '@app/testing';
import Redis from 'ioredis';
import { createActors } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';

/**
 * Issue 11, item 2: anonymous requests neither flood the append-only trail (one aggregated
 * access.unauthenticated event per client IP per minute, with the count) nor run unlimited
 * (THROTTLE_ANONYMOUS_LIMIT per IP, 429 with Retry-After), with Redis and without it.
 */
const unauthenticatedEvents = async (ctx: E2eContext) =>
  (
    await ctx.db.query(
      `SELECT ip, actor_id, outcome, details FROM audit_events WHERE action = 'access.unauthenticated' ORDER BY seq`,
    )
  ).rows;

describe('Anonymous refusals', () => {
  let ctx: E2eContext;
  const from = (ip: string) => ctx.http.get('/api/v1/auth/me').set('X-Forwarded-For', ip);

  beforeAll(async () => {
    ctx = await createE2eContext('anonrefusals', {
      env: { TRUST_PROXY: '1', THROTTLE_ANONYMOUS_LIMIT: '5', THROTTLE_ANONYMOUS_WINDOW_SECONDS: '60' },
    });
  });
  afterAll(() => ctx.close());

  it('answers 401 within the limit, then 429 with Retry-After; other IPs, signed-in callers and health probes are not affected', async () => {
    const flooder = '198.51.100.50';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await from(flooder)).status);
    for (let i = 0; i < 3; i++)
      statuses.push((await from(flooder).set('Authorization', 'Bearer not-a-token')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const limited = await from(flooder);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);

    expect((await from('198.51.100.51')).status).toBe(401);
    const actors = await createActors(ctx);
    expect(
      (await actors.requester.auth(ctx.http.get('/api/v1/auth/me')).set('X-Forwarded-For', flooder)).status,
    ).toBe(200);
    expect((await ctx.http.get('/health/live').set('X-Forwarded-For', flooder)).status).toBe(200);

    // Not one row per refused request: the refusals are only counted so far.
    const after = (
      await ctx.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action IN ('access.denied', 'access.unauthenticated')`,
      )
    ).rows[0].n;
    expect(after).toBe(0);

    // When the minute has ended: one event per IP, with the count and why.
    expect(await ctx.app.get(RefusalTally).flush(Date.now() + 61_000)).toBe(2);
    const events = (await unauthenticatedEvents(ctx)).sort((a, b) => a.ip.localeCompare(b.ip));
    expect(events).toEqual([
      {
        ip: flooder,
        actor_id: null,
        outcome: 'denied',
        details: expect.objectContaining({
          aggregated: true,
          count: 9,
          reasons: { missing_token: 5, throttled: 4 },
          routes: { 'GET /api/v1/auth/me': 9 },
          windowSeconds: 60,
        }),
      },
      {
        ip: '198.51.100.51',
        actor_id: null,
        outcome: 'denied',
        details: expect.objectContaining({ count: 1, reasons: { missing_token: 1 } }),
      },
    ]);
    // A second flush finds nothing more to write (each tally is written once).
    expect(await ctx.app.get(RefusalTally).flush(Date.now() + 61_000)).toBe(0);
  });
});

describe('Anonymous refusals with Redis unreachable', () => {
  let ctx: E2eContext;
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    ctx = await createE2eContext('anonrefusalsnoredis', {
      env: { REDIS_URL: redis.url, THROTTLE_ANONYMOUS_LIMIT: '4' },
    });
  });
  afterAll(async () => {
    await ctx.close();
    await redis.stop();
  });

  it('counts and limits in memory while Redis is down and writes that tally at the flush; back on Redis once it returns', async () => {
    await redis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await ctx.http.get('/api/v1/notifications')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const tally = ctx.app.get(RefusalTally);
    expect(await tally.flush(Date.now() + 61_000)).toBe(1);

    await redis.start();
    // After the retry pause (5 s) the counting goes back to Redis, shared by the replicas.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    for (let i = 0; i < 2; i++) expect((await ctx.http.get('/api/v1/auth/me')).status).toBe(401);
    const probe = new Redis(redis.url);
    expect(await probe.zcard(`${ctx.redisPrefix}:refusals:pending`)).toBe(1);
    probe.disconnect();
    expect(await tally.flush(Date.now() + 61_000)).toBe(1);
    const counts = (await unauthenticatedEvents(ctx)).map((e) => e.details.count);
    expect(counts).toEqual([6, 2]);
  });
});
