/**
 * Hardening of the HTTP edge (issue 11): what one anonymous request may cost, crafted cursors,
 * characters no field can store, probes under /api/docs, caching, body types and request ids.
 */
import { roleHas } from '@app/identity';
import { MAX_ARRAY_ITEMS, MAX_OBJECT_KEYS, MAX_PROBLEM_ERRORS } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { Actor, Actors, createActors } from '@app/testing/e2e/actors';
import { consultationBody, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';
import { registeredRoutes } from '@app/testing/e2e/registered-routes';

type Answer = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

const expectProblem = (res: Answer, status: number) => {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(res.body.status).toBe(status);
};

const errorsOf = (res: Answer) => res.body.errors as { field: string; message: string }[];

/** Unknown keys to fill `bytes` of JSON. */
function bodyOfUnknownKeys(bytes: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const part = `"unknown_key_${i}":1`;
    parts.push(part);
    size += part.length + 1;
  }
  return `{${parts.join(',')}}`;
}

describe('HTTP hardening', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let consultationId: string;

  beforeAll(async () => {
    ctx = await createE2eContext('httphardening');
    actors = await createActors(ctx);
    consultationId = (await fileConsultation(ctx, actors.requester)).id;
  });
  afterAll(() => ctx.close());

  describe('the cost of a body is bounded before validation', () => {
    /** CPU of this process (the API runs in it) while one request is handled. */
    async function cpuOf<T>(send: () => Promise<T>): Promise<{ answer: T; cpuMs: number }> {
      const before = process.cpuUsage();
      const answer = await send();
      const used = process.cpuUsage(before);
      return { answer, cpuMs: (used.user + used.system) / 1000 };
    }

    it('answers a ~0.9 MB login body of unknown keys 413 at once (auth routes take a few KB)', async () => {
      const body = bodyOfUnknownKeys(900 * 1024);
      const { answer, cpuMs } = await cpuOf(() =>
        ctx.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body),
      );
      expectProblem(answer, 413);
      expect(cpuMs).toBeLessThan(200);
    });

    it('answers a refresh body of 50,000 keys 413, and a small one with too many keys 400 with one error', async () => {
      const keys = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 1]));
      expectProblem(await ctx.http.post('/api/v1/auth/refresh').send(keys), 413);
      const small = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 1]));
      const res = await ctx.http.post('/api/v1/auth/refresh').send(small);
      expectProblem(res, 400);
      // The shape check's one error, not class-validator's one per key.
      expect(errorsOf(res)).toEqual([
        { field: '', message: expect.stringMatching(`more than ${MAX_OBJECT_KEYS} fields`) },
      ]);
    });

    it('refuses an 80,000-item concernTypes by its length alone, before class-validator', async () => {
      const body = consultationBody({ concernTypes: new Array(80_000).fill('other') });
      const { answer, cpuMs } = await cpuOf(() =>
        actors.requester.auth(ctx.http.post('/api/v1/consultations')).send(body),
      );
      expectProblem(answer, 400);
      expect(errorsOf(answer)).toEqual([
        { field: 'concernTypes', message: expect.stringMatching(`more than ${MAX_ARRAY_ITEMS} items`) },
      ]);
      expect(cpuMs).toBeLessThan(200);
    });

    it('refuses a ~0.9 MB anonymous body of unknown keys on any other route before the guard, with one error', async () => {
      const body = bodyOfUnknownKeys(900 * 1024);
      const { answer, cpuMs } = await cpuOf(() =>
        ctx.http.post('/api/v1/consultations').set('Content-Type', 'application/json').send(body),
      );
      expectProblem(answer, 400);
      expect(errorsOf(answer)).toHaveLength(1);
      expect(cpuMs).toBeLessThan(200);
    });

    it('holds each DTO to its own key count and lists at most 20 unknown fields', async () => {
      const extra = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`extra${i}`, 'x']));
      const res = await actors.requester
        .auth(ctx.http.post('/api/v1/consultations'))
        .send(consultationBody(extra));
      expectProblem(res, 400);
      expect(errorsOf(res)).toHaveLength(MAX_PROBLEM_ERRORS);
      expect(errorsOf(res)[0]).toEqual({ field: 'extra0', message: 'property extra0 should not exist' });
    });

    it('stops at the first failing rule of a field and never lists more than 20 errors', async () => {
      const res = await actors.requester.auth(ctx.http.post('/api/v1/consultations')).send({
        concernTypes: 5,
        summary: 5,
        subject: 5,
        riskFactors: {
          immediateDanger: 'x',
          childrenInHousehold: 'y',
          threatsToKill: 1,
          strangulation: 1,
          weaponAccess: 1,
          escalatingViolence: 1,
          traffickingIndicators: 1,
        },
        requestedSupport: 5,
        preferredContact: 5,
      });
      expectProblem(res, 400);
      const fields = errorsOf(res).map((e) => e.field);
      expect(fields.length).toBeLessThanOrEqual(MAX_PROBLEM_ERRORS);
      // One message per field (class-validator stopped at the first failing rule).
      expect(new Set(fields).size).toBe(fields.length);
    });
  });

  describe('crafted cursors', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const nil = '00000000-0000-0000-0000-000000000000';
    const CRAFTED = [
      'x',
      '%00',
      '!!!',
      b64([1, 2]),
      b64(['2026-13-45T99:99:99Z', nil]),
      b64(['0000-01-01T00:00:00Z', nil]),
      b64(['2026-02-30T00:00:00.000000Z', nil]),
      b64(['consultations', '2026-02-31T00:00:00.000Z', nil]),
      b64(['consultations', '+275760-09-13T00:00:00.000Z', nil]),
      b64(['queue', 9, null, '2026-01-01T00:00:00.000Z', nil]),
      b64(['audit_events', '99999999999999999999']),
      b64({ at: '2026-01-01T00:00:00Z', id: nil }),
      b64(['2026-01-01T00:00:00Z', 'not-a-uuid']),
      Buffer.from('["\u0000"]').toString('base64url'),
      'a'.repeat(600),
    ];

    function callerFor(route: { permission?: string; isPublic: boolean }): Actor | undefined {
      const candidates = [actors.requester, actors.investigator, actors.supervisor, actors.admin];
      if (route.isPublic) return actors.admin;
      return candidates.find((actor) => route.permission && roleHas(actor.role, route.permission as never));
    }

    it('answers every crafted cursor on every list route with a 400 naming cursor, never a 5xx', async () => {
      const lists = [];
      for (const route of registeredRoutes(ctx.app).filter((r) => r.method === 'GET')) {
        const caller = callerFor(route);
        if (!caller) continue;
        const path = route.path.replace(/:id\b/, consultationId).replace(/:[A-Za-z]+/g, randomUUID());
        const plain = await caller.auth(ctx.http.get(path));
        if (plain.status !== 200 || !plain.body || !('nextCursor' in plain.body)) continue;
        lists.push(route.path);
        for (const cursor of CRAFTED) {
          const res = await caller.auth(ctx.http.get(`${path}?cursor=${cursor}`));
          expect({
            route: route.path,
            cursor,
            status: res.status,
            fields: errorsOf(res)?.map((e) => e.field),
          }).toEqual({
            route: route.path,
            cursor,
            status: 400,
            fields: ['cursor'],
          });
        }
      }
      // The fuzz reached the lists the issue names, and the others.
      expect(lists).toEqual(
        expect.arrayContaining([
          '/api/v1/users',
          '/api/v1/organizations',
          '/api/v1/notifications',
          '/api/v1/consultations',
          '/api/v1/triage-queue',
          '/api/v1/audit-events',
        ]),
      );
    });
  });

  describe('characters no field can store', () => {
    it('answers a NUL byte in any string input with a 400 naming the field', async () => {
      const cases: [Actor | null, string, string, unknown, string][] = [
        [null, 'POST', '/api/v1/auth/login', { email: 'a\u0000@example.org', password: 'x' }, 'email'],
        [actors.admin, 'POST', '/api/v1/organizations', { name: 'School\u0000', kind: 'school' }, 'name'],
        [
          actors.admin,
          'POST',
          '/api/v1/users',
          {
            email: `n${Date.now()}@example.org`,
            displayName: 'Anna\u0000',
            role: 'requester',
            password: 'long-enough-password',
            organizationId: actors.org.id,
          },
          'displayName',
        ],
        [
          actors.admin,
          'PATCH',
          `/api/v1/users/${actors.requester2.id}`,
          { displayName: 'x\u0000' },
          'displayName',
        ],
        [
          actors.requester,
          'POST',
          '/api/v1/consultations',
          consultationBody({ summary: 'A summary long enough \u0000 here' }),
          'summary',
        ],
        [
          actors.requester,
          'POST',
          `/api/v1/consultations/${consultationId}/messages`,
          { body: 'Hello\u0000' },
          'body',
        ],
        [
          actors.requester,
          'POST',
          '/api/v1/consultations',
          consultationBody({ preferredContact: { channel: 'phone', phone: '+4670\u0000' } }),
          'preferredContact.phone',
        ],
      ];
      for (const [actor, method, path, body, field] of cases) {
        const request = ctx.http[method.toLowerCase() as 'post' | 'patch'](path);
        const res = await (actor ? actor.auth(request) : request).send(body as object);
        expect({ path, status: res.status, fields: errorsOf(res)?.map((e) => e.field) }).toEqual({
          path,
          status: 400,
          fields: [field],
        });
      }
    });

    it('refuses other control characters and NUL in query strings too', async () => {
      const escape = await actors.admin
        .auth(ctx.http.post('/api/v1/organizations'))
        .send({ name: 'Esc\u001b[31m', kind: 'school' });
      expect(escape.status).toBe(400);
      const query = await actors.supervisor.auth(ctx.http.get('/api/v1/audit-events?action=auth.login%00'));
      expect({ status: query.status, fields: errorsOf(query).map((e) => e.field) }).toEqual({
        status: 400,
        fields: ['action'],
      });
    });

    it('keeps line breaks and tabs in multi-line text', async () => {
      const res = await actors.requester
        .auth(ctx.http.post('/api/v1/consultations'))
        .send(consultationBody({ summary: 'First line of the situation.\r\nSecond line,\tindented.' }));
      expect(res.status).toBe(201);
      const message = await actors.requester
        .auth(ctx.http.post(`/api/v1/consultations/${res.body.id}/messages`))
        .send({ body: 'Line one\nline two' });
      expect(message.status).toBe(201);
    });
  });

  it('answers path-traversal probes under /api/docs with a 404 problem', async () => {
    for (const probe of [
      '/api/docs/../../etc/passwd',
      '/api/docs/%2e%2e/',
      '/api/docs/..%2f',
      '/api/docs/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/api/docs/..%5c..%5cpackage.json',
      '/api/docs/.%2e/.%2e/package.json',
      '/api/docs/%252e%252e/',
      '/api/docs/%00',
      '/api/docs/....//....//etc/passwd',
    ]) {
      const res = await ctx.http.get(probe);
      expect({ probe, status: res.status, type: res.headers['content-type'] }).toEqual({
        probe,
        status: 404,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
  });

  it('marks every answer under /api/v1 Cache-Control: no-store, errors included, and leaves health alone', async () => {
    const answers = [
      await ctx.http
        .post('/api/v1/auth/login')
        .send({ email: actors.admin.email, password: actors.admin.password }),
      await ctx.http.post('/api/v1/auth/refresh').send({ refreshToken: 'x'.repeat(40) }),
      await actors.admin.auth(ctx.http.get('/api/v1/auth/me')),
      await actors.requester.auth(ctx.http.get(`/api/v1/consultations/${consultationId}`)),
      await actors.requester.auth(ctx.http.get('/api/v1/consultations')),
      await actors.supervisor.auth(ctx.http.get('/api/v1/audit-events/export?format=ndjson')),
      await ctx.http.get('/api/v1/consultations'),
      await ctx.http.get('/api/v1/no-such-route'),
      await ctx.http.get('/api/v1/consultations/%E0%A4%A'),
      await actors.admin.auth(ctx.http.get(`/api/v1/consultations/${consultationId}`)),
    ];
    expect(answers.map((a) => [a.status, a.headers['cache-control']])).toEqual(
      [200, 401, 200, 200, 200, 200, 401, 404, 400, 403].map((status) => [status, 'no-store']),
    );
    expect((await ctx.http.get('/health/live')).headers['cache-control']).toBeUndefined();
  });

  it('takes JSON bodies only: form-encoded and text bodies are 415, login included', async () => {
    const form = await ctx.http
      .post('/api/v1/auth/login')
      .type('form')
      .send({ email: actors.admin.email, password: actors.admin.password });
    expectProblem(form, 415);
    expectProblem(
      await ctx.http.post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('hello'),
      415,
    );
    const formOnProtected = await actors.requester
      .auth(ctx.http.post(`/api/v1/consultations/${consultationId}/messages`))
      .type('form')
      .send({ body: 'hello there' });
    expectProblem(formOnProtected, 415);
    const json = await ctx.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ email: actors.admin.email, password: actors.admin.password }));
    expect(json.status).toBe(200);
  });

  it('echoes only a short, plain X-Request-Id and never writes another into the audit', async () => {
    const uuid = /^[0-9a-f-]{36}$/;
    const ok = 'A'.repeat(64);
    expect((await ctx.http.get('/health/live').set('X-Request-Id', ok)).headers['x-request-id']).toBe(ok);
    expect(
      (await ctx.http.get('/health/live').set('X-Request-Id', 'trace.id_1-2')).headers['x-request-id'],
    ).toBe('trace.id_1-2');
    for (const bad of ['A'.repeat(65), 'a:b', 'a/b', 'a b', '<script>', 'ä']) {
      expect((await ctx.http.get('/health/live').set('X-Request-Id', bad)).headers['x-request-id']).toMatch(
        uuid,
      );
    }
    const long = `${'x'.repeat(100)}`;
    const res = await actors.requester
      .auth(ctx.http.get(`/api/v1/consultations/${consultationId}`))
      .set('X-Request-Id', long);
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toMatch(uuid);
    const { rows } = await ctx.db.query(
      `SELECT request_id FROM audit_events WHERE request_id = $1 OR request_id = $2`,
      [long, res.headers['x-request-id']],
    );
    expect(rows).toEqual([{ request_id: res.headers['x-request-id'] }]);
  });

  describe('with SWAGGER_ENABLED=false (the default in production)', () => {
    let quiet: E2eContext;
    beforeAll(async () => {
      quiet = await createE2eContext('httphardeningnodocs', { env: { SWAGGER_ENABLED: 'false' } });
    });
    afterAll(async () => {
      delete process.env.SWAGGER_ENABLED;
      await quiet.close();
    });

    it('serves neither the UI nor the document', async () => {
      expect((await ctx.http.get('/api/docs-json')).status).toBe(200);
      for (const path of ['/api/docs', '/api/docs/', '/api/docs-json', '/api/docs/swagger-ui.css']) {
        expectProblem(await quiet.http.get(path), 404);
      }
    });
  });
});
