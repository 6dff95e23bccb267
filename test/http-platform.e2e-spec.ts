import { Client } from 'pg';
import { createActors, Actors } from '@app/testing/e2e/actors';
import { consultationBody } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

describe('HTTP platform', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('httpplatform');
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  const expectProblem = (
    res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
    status: number,
  ) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  };

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await ctx.http.get('/api/v1/no-such-route'), 404);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await ctx.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expectProblem(res, 400);
  });

  it('answers a body over 1 MB with a 413 problem', async () => {
    const big = JSON.stringify({ email: 'a'.repeat(2 * 1024 * 1024) });
    const res = await ctx.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(big);
    expectProblem(res, 413);
  });

  it('answers a malformed URL with a 400 problem', async () => {
    expectProblem(await ctx.http.get('/api/v1/consultations/%E0%A4%A'), 400);
  });

  it('answers an unsupported content type with a 415 problem', async () => {
    const res = await ctx.http.post('/api/v1/auth/login').set('Content-Type', 'application/xml').send('<a/>');
    expectProblem(res, 415);
  });

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const ok = await ctx.http.get('/health/live').set('X-Request-Id', 'abc-123');
    expect(ok.headers['x-request-id']).toBe('abc-123');
    const bad = await ctx.http.get('/health/live').set('X-Request-Id', 'bad id with spaces <script>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports ready with database and Redis up', async () => {
    const res = await ctx.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.info).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves the OpenAPI document with the bearer scheme', async () => {
    const res = await ctx.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it("sets helmet's security headers on every answer, errors and malformed URLs included", async () => {
    // Exactly what @fastify/helmet sent with the API's options before the headers were precomputed.
    const expected = {
      'content-security-policy':
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
        "img-src 'self' data:;object-src 'none';script-src 'self' 'unsafe-inline';script-src-attr 'none';" +
        "style-src 'self' 'unsafe-inline';upgrade-insecure-requests",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    for (const path of [
      '/health/live',
      '/api/v1/no-such-route',
      '/api/v1/auth/me',
      '/api/v1/consultations/%E0%A4%A',
    ]) {
      const res = await ctx.http.get(path);
      expect(res.headers).toMatchObject(expected);
    }
  });

  it('answers a deeply nested body with a 400 problem, on public and protected routes alike', async () => {
    // 4 KB: under the auth routes' body limit (AUTH_BODY_LIMIT_BYTES), far over the depth limit.
    const deep = '['.repeat(2000) + ']'.repeat(2000);
    const login = await ctx.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":${deep}}`);
    expectProblem(login, 400);
    const objects = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
    const intake = await actors.requester
      .auth(ctx.http.post('/api/v1/consultations'))
      .set('Content-Type', 'application/json')
      .send(objects);
    expectProblem(intake, 400);
  });

  it('refuses any field sent to a route that takes no body, and accepts no body', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const withField = await actors.requester
      .auth(ctx.http.post(`/api/v1/notifications/${unknownId}/read`))
      .send({ readAt: '2000-01-01T00:00:00Z' });
    expectProblem(withField, 400);
    expect(withField.body.errors).toEqual([expect.objectContaining({ field: 'readAt' })]);
    const claim = await actors.investigator
      .auth(ctx.http.post(`/api/v1/consultations/${unknownId}/claim`))
      .send({ assigneeId: actors.investigator2.id });
    expectProblem(claim, 400);
    // Without a body the route is reached (and answers for the unknown id).
    expectProblem(await actors.requester.auth(ctx.http.post(`/api/v1/notifications/${unknownId}/read`)), 404);
  });

  it('stamps each audit event with its own request id, client ip and user agent, under concurrency', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        actors.requester
          .auth(ctx.http.post('/api/v1/consultations'))
          .set('X-Request-Id', `context-check-${i}`)
          .set('User-Agent', `platform-e2e/${i}`)
          .send(consultationBody()),
      ),
    );
    for (const [i, res] of answers.entries()) {
      expect(res.status).toBe(201);
      const { rows } = await ctx.db.query(
        `SELECT action, actor_id, request_id, ip, user_agent FROM audit_events WHERE resource_id = $1`,
        [res.body.id],
      );
      expect(rows).toEqual([
        {
          action: 'consultation.create',
          actor_id: actors.requester.id,
          request_id: `context-check-${i}`,
          ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
          user_agent: `platform-e2e/${i}`,
        },
      ]);
    }
  });

  it('answers ready 503 as a problem naming the database when the database is unreachable', async () => {
    // Cut this suite's pool off from PostgreSQL: terminate its connections and refuse new ones.
    const admin = new Client({ connectionString: ctx.database.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${ctx.database.name} WITH ALLOW_CONNECTIONS false`);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [ctx.database.name],
      );
      const res = await ctx.http.get('/health/ready');
      expectProblem(res, 503);
      expect(res.body.info.database).toEqual({ status: 'down' });
      expect((await ctx.http.get('/health/live')).status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE ${ctx.database.name} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    // And back once the database is.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await ctx.http.get('/health/ready')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });
});
