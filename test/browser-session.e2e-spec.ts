import { Actors, createActors, TEST_PASSWORD } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';

/** Browser sessions (api.md v1.1 "Sessions", docs/web.md): the refresh token only in an HttpOnly cookie. */
describe('Browser sessions (X-Session: cookie)', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('browsersession');
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  const COOKIE = 'consult_intake_refresh';
  const setCookie = (res: { headers: Record<string, unknown> }): string => {
    const header = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
    const line = header.find((c) => c.startsWith(`${COOKIE}=`));
    if (!line) throw new Error('no refresh cookie set');
    return line;
  };
  const cookieValue = (line: string) => line.split(';')[0].slice(COOKIE.length + 1);
  const browserLogin = (email = actors.requester.email) =>
    ctx.http.post('/api/v1/auth/login').set('X-Session', 'cookie').send({ email, password: TEST_PASSWORD });
  const browserRefresh = (token: string) =>
    ctx.http
      .post('/api/v1/auth/refresh')
      .set('X-Session', 'cookie')
      .set('Cookie', `${COOKIE}=${token}`)
      .send();
  const expectProblem = (res: { status: number; headers: Record<string, string> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  it('login sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie on /api/v1/auth and leaves it out of the JSON', async () => {
    const res = await browserLogin();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      user: expect.objectContaining({ email: actors.requester.email }),
    });
    const line = setCookie(res);
    const attributes = line.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(
      expect.arrayContaining([
        'httponly',
        'secure',
        'samesite=strict',
        'path=/api/v1/auth',
        `max-age=${14 * 24 * 3600}`,
      ]),
    );
    expect(cookieValue(line).length).toBeGreaterThanOrEqual(43);
  });

  it('refresh reads the cookie, rotates it, and answers an access token that works', async () => {
    const first = cookieValue(setCookie(await browserLogin()));
    const res = await browserRefresh(first);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), expiresIn: 900 });
    const second = cookieValue(setCookie(res));
    expect(second).not.toBe(first);
    const me = await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
  });

  it('never reads the cookie without the X-Session header (a cross-site form cannot set it)', async () => {
    const token = cookieValue(setCookie(await browserLogin()));
    const res = await ctx.http.post('/api/v1/auth/refresh').set('Cookie', `${COOKIE}=${token}`).send();
    expectProblem(res, 400);
    expect(res.headers['set-cookie']).toBeUndefined();
    // The cookie was not spent: the real app can still use it.
    expect((await browserRefresh(token)).status).toBe(200);
  });

  it('refuses a browser-session call from a foreign Origin and accepts its own', async () => {
    const token = cookieValue(setCookie(await browserLogin()));
    const foreign = await ctx.http
      .post('/api/v1/auth/refresh')
      .set('X-Session', 'cookie')
      .set('Origin', 'https://evil.example')
      .set('Cookie', `${COOKIE}=${token}`)
      .send();
    expectProblem(foreign, 403);
    const foreignLogin = await ctx.http
      .post('/api/v1/auth/login')
      .set('X-Session', 'cookie')
      .set('Origin', 'https://evil.example')
      .send({ email: actors.requester.email, password: TEST_PASSWORD });
    expectProblem(foreignLogin, 403);
    expect(foreignLogin.headers['set-cookie']).toBeUndefined();
    const own = await ctx.http
      .post('/api/v1/auth/refresh')
      .set('X-Session', 'cookie')
      .set('Host', 'intake.test:8443')
      .set('Origin', 'http://intake.test:8443')
      .set('Cookie', `${COOKIE}=${token}`)
      .send();
    expect(own.status).toBe(200);
  });

  it('refresh without a cookie is 401 and says nothing about tokens', async () => {
    expectProblem(await ctx.http.post('/api/v1/auth/refresh').set('X-Session', 'cookie').send(), 401);
  });

  it('reuse of a spent cookie is detected: 401, the cookie is cleared, and the successor is revoked too', async () => {
    const first = cookieValue(setCookie(await browserLogin()));
    const next = await browserRefresh(first);
    const second = cookieValue(setCookie(next));
    // Past REFRESH_REUSE_WINDOW_SECONDS: within it, the same client (two tabs) would get a fresh pair.
    await ctx.db.query(`UPDATE refresh_tokens SET spent_at = spent_at - interval '11 seconds' WHERE spent_at IS NOT NULL`);
    const reuse = await browserRefresh(first);
    expectProblem(reuse, 401);
    expect(setCookie(reuse)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expectProblem(await browserRefresh(second), 401);
    const me = await ctx.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${next.body.accessToken}`);
    expect(me.status).toBe(401);
  });

  it('logout ends the login named by the cookie and clears the cookie', async () => {
    const login = await browserLogin();
    const token = cookieValue(setCookie(login));
    const res = await ctx.http
      .post('/api/v1/auth/logout')
      .set('X-Session', 'cookie')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .set('Cookie', `${COOKIE}=${token}`)
      .send();
    expect(res.status).toBe(204);
    const cleared = setCookie(res);
    expect(cleared).toMatch(/^consult_intake_refresh=;/);
    expect(cleared.toLowerCase()).toContain('path=/api/v1/auth');
    expectProblem(await browserRefresh(token), 401);
  });

  it('leaves the JSON token flow as it was: tokens in the body, no cookie', async () => {
    const login = await ctx.http
      .post('/api/v1/auth/login')
      .send({ email: actors.investigator.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.refreshToken).toEqual(expect.any(String));
    expect(login.headers['set-cookie']).toBeUndefined();
    const refreshed = await ctx.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toEqual(expect.any(String));
    expect(refreshed.headers['set-cookie']).toBeUndefined();
    const logout = await ctx.http
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${refreshed.body.accessToken}`)
      .send({});
    // api.md: the body's refreshToken is optional; the access token's login ends whatever it says.
    expect(logout.status).toBe(204);
    expect(logout.headers['set-cookie']).toBeUndefined();
    expectProblem(
      await ctx.http.post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken }),
      401,
    );
  });
});
