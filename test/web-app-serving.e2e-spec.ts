import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createE2eContext, E2eContext } from './support/e2e-context';

/** The API process serves the built web app at / (docs/web.md); a stand-in build in a temp directory. */
describe('Web app serving', () => {
  let ctx: E2eContext;
  let dir: string;
  const INDEX =
    '<!doctype html><html lang="sv"><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), 'console.log("app")');
    ctx = await createE2eContext('webserve', { env: { WEB_DIST_DIR: dir } });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const expectApp = (res: { status: number; headers: Record<string, string>; text: string }) => {
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toBe(INDEX);
  };

  it('serves index.html at / and never lets it be stored', async () => {
    expectApp(await ctx.http.get('/'));
  });

  it('falls back to index.html for unknown paths outside /api and /health, so deep links work', async () => {
    for (const path of ['/mina-arenden', '/staff/queue/123', '/login?next=%2Fx'])
      expectApp(await ctx.http.get(path));
  });

  it('keeps problem+json 404s for unknown API paths, missing assets and other methods', async () => {
    for (const res of [
      await ctx.http.get('/api/v1/no-such-route'),
      await ctx.http.get('/api/nothing'),
      await ctx.http.get('/health/nothing'),
      await ctx.http.get('/assets/index-Missing1.js'),
      await ctx.http.post('/somewhere').send({}),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('caches hashed assets for a year, immutably', async () => {
    const res = await ctx.http.get('/assets/index-Ab12Cd34.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it("gives the app's pages a CSP without inline script or style, and leaves the API's headers as they were", async () => {
    const page = await ctx.http.get('/');
    const csp = page.headers['content-security-policy'];
    expect(csp).toBe(
      "default-src 'self';base-uri 'self';connect-src 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';" +
        "img-src 'self' data:;manifest-src 'self';object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self'",
    );
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const api = await ctx.http.get('/api/v1/web-config');
    expect(api.status).toBe(200);
    expect(api.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(api.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves the OpenAPI document the web app was generated from (npm run openapi, committed)', async () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'apps', 'web', 'src', 'api', 'openapi.json'), 'utf8'));
    const served = await ctx.http.get('/api/docs-json');
    expect(served.body).toEqual(committed);
  });

  it('tells the app its idle timeout, and that single sign-on is off', async () => {
    const res = await ctx.http.get('/api/v1/web-config');
    expect(res.body).toEqual({ sessionIdleMinutes: 30, singleSignOn: false, singleSignOnName: null });
  });
});
