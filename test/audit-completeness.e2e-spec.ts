import { Role } from '@app/identity';
import { TEST_REDIS_URL } from '@app/testing';
import Redis from 'ioredis';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Actor, Actors, createActors, loginAs } from '@app/testing/e2e/actors';
import { fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

/**
 * Issue 6 item 7: the trail is complete (every read leaves exactly one event; every refusal exactly
 * one access.denied), and nothing secret leaks into the database in plaintext, the logs or Redis.
 */

/**
 * Captures what the processes log. pino writes to process.stdout when something (Jest) has wrapped
 * it, else straight to file descriptor 1 through sonic-boom (fs.write / fs.writeSync); both are caught.
 */
function captureProcessOutput(): { text(): string; restore(): void } {
  let captured = '';
  const take = (data: unknown): number => {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data as Uint8Array);
    captured += buffer.toString('utf8');
    return buffer.length;
  };
  // The real module object (an `import * as` namespace would be a copy).
  const fsMut = require('node:fs') as Record<'write' | 'writeSync', (...args: unknown[]) => unknown>;
  const { write, writeSync } = fsMut;
  fsMut.writeSync = (fd: unknown, data: unknown, ...rest: unknown[]) =>
    fd === 1 || fd === 2 ? take(data) : writeSync(fd, data, ...rest);
  fsMut.write = (fd: unknown, data: unknown, ...rest: unknown[]) => {
    if (fd !== 1 && fd !== 2) return write(fd, data, ...rest);
    const n = take(data);
    process.nextTick(rest[rest.length - 1] as (err: null, n: number) => void, null, n);
    return undefined;
  };
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  for (const stream of streams) {
    stream.write = ((data: unknown, ...rest: unknown[]) => {
      take(data);
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    }) as typeof stream.write;
  }
  return {
    text: () => captured,
    restore() {
      fsMut.write = write;
      fsMut.writeSync = writeSync;
      streams.forEach((stream, i) => (stream.write = originals[i]));
    },
  };
}

async function redisDump(prefix: string): Promise<string> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const parts: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        parts.push(key);
        const type = await redis.type(key);
        if (type === 'string') parts.push((await redis.get(key)) ?? '');
        else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
        else if (type === 'set') parts.push(...(await redis.smembers(key)));
        else if (type === 'zset') parts.push(...(await redis.zrange(key, 0, -1)));
        else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return parts.join('\n');
}

// First in the file, before any other API exists in this process: nestjs-pino keeps its root
// logger in a static field, so a second app created in the same process would log through the first.
describe('Audit completeness: no plaintext secrets', () => {
  it('leaves no canary case text, password or token in plaintext in a database dump, the logs or Redis', async () => {
    const capture = captureProcessOutput();
    const canary = (kind: string) => `canary${kind}${randomBytes(6).toString('hex')}`;
    const secrets = {
      summary: canary('summary'),
      message: canary('message'),
      requesterMessage: canary('reply'),
      transitionReason: canary('reason'),
      triageReason: canary('triage'),
      password: canary('password'),
      wrongPassword: canary('wrongpw'),
    };
    let app: E2eContext | undefined;
    try {
      // A fresh API whose logs go to the captured descriptors at the most verbose level.
      app = await createE2eContext('auditcanary', {
        worker: true,
        env: { THROTTLE_IP_LIMIT: '10000', LOG_LEVEL: 'trace' },
      });
      const cast = await createActors(app);
      const filed = await fileConsultation(app, cast.requester, {
        summary: `The teacher reports ${secrets.summary} about the family situation at home.`,
      });
      const url = `/api/v1/consultations/${filed.id}`;
      await cast.investigator.auth(app.http.post(`${url}/claim`)).expect(200);
      await cast.investigator
        .auth(app.http.post(`${url}/transitions`))
        .send({ to: 'in_progress', reason: secrets.transitionReason })
        .expect(200);
      await cast.investigator
        .auth(app.http.post(`${url}/messages`))
        .send({ body: secrets.message })
        .expect(201);
      await cast.requester
        .auth(app.http.post(`${url}/messages`))
        .send({ body: secrets.requesterMessage })
        .expect(201);
      await cast.supervisor
        .auth(app.http.post(`${url}/triage`))
        .send({ priority: 'high', reason: secrets.triageReason })
        .expect(200);
      await cast.investigator.auth(app.http.get(`${url}/messages`)).expect(200);
      await cast.supervisor.auth(app.http.get(`/api/v1/audit-events?resourceId=${filed.id}`)).expect(200);

      const email = `canary-${randomBytes(4).toString('hex')}@test.example`;
      await cast.admin
        .auth(app.http.post('/api/v1/users'))
        .send({
          email,
          displayName: 'Canary',
          role: 'requester',
          organizationId: cast.org.id,
          password: secrets.password,
        })
        .expect(201);
      const login = await loginAs(app, email, secrets.password);
      await app.http.post('/api/v1/auth/login').send({ email, password: secrets.wrongPassword }).expect(401);
      const refreshed = await app.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: login.refreshToken })
        .expect(200);
      const tokens = [
        login.accessToken,
        login.refreshToken,
        refreshed.body.accessToken,
        refreshed.body.refreshToken,
        cast.supervisor.token,
        cast.requester.refreshToken,
      ];
      await new Promise((r) => setTimeout(r, 500)); // let the worker and the relay act on what was queued

      const { stdout: dump } = await promisify(execFile)(
        'pg_dump',
        ['--data-only', '--no-owner', '-h', '127.0.0.1', '-U', 'postgres', app.database.name],
        {
          maxBuffer: 256 * 1024 * 1024,
        },
      );
      const redis = await redisDump(app.redisPrefix);
      const logs = capture.text();

      // The searches can find things: the dump holds the audit trail, Redis the queues, the logs each request.
      expect(dump).toContain(filed.id);
      expect(dump).toContain('consultation.transition');
      expect(redis.length).toBeGreaterThan(0);
      expect(logs).toContain('/api/v1/consultations');

      const leaks: string[] = [];
      for (const [where, text] of [
        ['database dump', dump],
        ['logs', logs],
        ['redis', redis],
      ] as const) {
        for (const [name, value] of Object.entries(secrets))
          if (text.includes(value)) leaks.push(`${name} in ${where}`);
        tokens.forEach((token, i) => text.includes(token) && leaks.push(`token #${i} in ${where}`));
      }
      expect(leaks).toEqual([]);
    } finally {
      capture.restore();
      await app?.close();
    }
  });
});

describe('Audit completeness', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let ids: string[];

  beforeAll(async () => {
    ctx = await createE2eContext('auditcomplete', { env: { THROTTLE_IP_LIMIT: '10000' } });
    actors = await createActors(ctx);
    ids = [];
    for (let i = 0; i < 3; i++) ids.push((await fileConsultation(ctx, actors.requester)).id);
  });
  afterAll(() => ctx.close());

  const count = async (where: string, params: unknown[]) =>
    (await ctx.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE ${where}`, params)).rows[0]
      .n as number;

  it('records exactly one consultation.read per read, across roles, and one access.denied per refused read', async () => {
    const readsBefore = await count(`action = 'consultation.read'`, []);
    const deniedBefore = await count(`action = 'access.denied'`, []);
    const plan: [Actor, string][] = [
      ...ids.map((id) => [actors.requester, id] as [Actor, string]),
      [actors.investigator, ids[0]],
      [actors.investigator, ids[0]],
      [actors.investigator, ids[1]],
      ...ids.map((id) => [actors.investigator2, id] as [Actor, string]),
      ...ids.map((id) => [actors.supervisor, id] as [Actor, string]),
    ];
    const k = plan.length;
    await Promise.all(
      plan.map(([actor, id]) => actor.auth(ctx.http.get(`/api/v1/consultations/${id}`)).expect(200)),
    );
    // Refused: another organization's requester (404, as if absent) and an admin (403, no permission).
    await actors.requester2.auth(ctx.http.get(`/api/v1/consultations/${ids[0]}`)).expect(404);
    await actors.requester2.auth(ctx.http.get(`/api/v1/consultations/${ids[1]}`)).expect(404);
    await actors.admin.auth(ctx.http.get(`/api/v1/consultations/${ids[0]}`)).expect(403);

    expect(await count(`action = 'consultation.read'`, [])).toBe(readsBefore + k);
    expect(await count(`action = 'consultation.read' AND outcome = 'success'`, [])).toBe(readsBefore + k);
    for (const role of [Role.Requester, Role.Investigator, Role.Supervisor]) {
      const expected = plan.filter(([a]) => a.role === role).length;
      expect(
        await count(`action = 'consultation.read' AND actor_role = $1 AND seq > 0`, [role]),
      ).toBeGreaterThanOrEqual(expected);
    }
    for (const [actor, n] of [
      [actors.investigator, 3],
      [actors.investigator2, 3],
      [actors.supervisor, 3],
    ] as const) {
      expect(await count(`action = 'consultation.read' AND actor_id = $1`, [actor.id])).toBe(n);
    }
    expect(await count(`action = 'access.denied'`, [])).toBe(deniedBefore + 3);
    expect(await count(`action = 'access.denied' AND actor_id = $1`, [actors.requester2.id])).toBe(2);
    expect(await count(`action = 'access.denied' AND actor_id = $1`, [actors.admin.id])).toBe(1);
  });
});
