import { createE2eContext, E2eContext } from './support/e2e-context';

describe('HTTP platform', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    ctx = await createE2eContext('httpplatform');
  });
  afterAll(() => ctx.close());

  const expectProblem = (res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  };

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await ctx.http.get('/api/v1/no-such-route'), 404);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await ctx.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": ');
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

  it('sets security headers', async () => {
    const res = await ctx.http.get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
