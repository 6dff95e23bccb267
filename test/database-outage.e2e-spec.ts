import { runMigrations } from '@app/platform';
import { ALL_MIGRATIONS, PrivatePostgres, TEST_REDIS_URL, uniqueRedisPrefix } from '@app/testing';
import { AppProcess, LogLine } from '@app/testing/e2e/app-process';
import { freePort } from '@app/testing/free-port';
import { waitFor } from '@app/testing/e2e/triage-support';


const APP_PASSWORD = 'app-password-never-logged';

/**
 * Issue 11, reliability: the API against a database that is down when it starts and that goes
 * away while it runs. A private PostgreSQL cluster (initdb into a temporary directory, on a free
 * port) is stopped and started; the shared test server is never touched. The API is the real
 * entry point in its own process; its JSON log lines are read back.
 */
describe('The API while PostgreSQL is down', () => {
  let pg: PrivatePostgres;
  let api: AppProcess;
  let base: string;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = AppProcess.start('api', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: pg.url('consult_intake', 'consult_app', APP_PASSWORD),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: uniqueRedisPrefix('dboutage'),
      SWAGGER_ENABLED: 'false',
    });
  });
  afterAll(async () => {
    await api?.stop();
    await pg?.destroy();
  });

  const linesOf = (requestId: string) => api.lines.filter((l) => l.requestId === requestId);
  const waiting = () =>
    api.lines.filter((l) => l.msg === 'database not reachable; waiting for it before starting');

  it('waits for a database that is down at start, saying so each attempt without secrets, and comes up', async () => {
    await waitFor(async () => waiting().length >= 2 || !api.running, 30_000, 'two waiting lines');
    expect(api.running).toBe(true);
    const [first, second] = waiting();
    expect(first).toMatchObject({ level: 40, attempt: 1, database: `127.0.0.1:${pg.port}/consult_intake` });
    expect(second).toMatchObject({ level: 40, attempt: 2 });
    expect(Number(second.retryInMs)).toBeGreaterThan(Number(first.retryInMs));
    expect((first.cause as { code?: string }).code).toBe('ECONNREFUSED');

    await pg.start();
    await runMigrations(pg.url('consult_intake'), ALL_MIGRATIONS);
    await waitFor(
      async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status === 200,
      60_000,
      'the API to come up once the database is reachable',
      250,
    );
    expect(api.lines.some((l) => l.msg === 'database reachable; starting')).toBe(true);
    expect(api.log).not.toContain(APP_PASSWORD);
  });

  it('answers 503 with Retry-After while the database is down, logged once at warn, and recovers', async () => {
    await pg.stop();

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'outage-login' },
      body: JSON.stringify({ email: 'someone@example.org', password: 'a-password-of-some-length' }),
    });
    expect(login.status).toBe(503);
    expect(login.headers.get('retry-after')).toBe('5');
    expect(login.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await login.json()).toMatchObject({
      type: 'urn:consult-intake:problem:service_unavailable',
      status: 503,
      requestId: 'outage-login',
    });

    const ready = await fetch(`${base}/health/ready`, { headers: { 'X-Request-Id': 'outage-ready' } });
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');

    await waitFor(async () => linesOf('outage-ready').length > 0, 5_000, 'the readiness line');
    await new Promise((r) => setTimeout(r, 200));
    for (const id of ['outage-login', 'outage-ready']) {
      const lines: LogLine[] = linesOf(id);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 40, msg: 'service unavailable', res: { statusCode: 503 } });
      expect(JSON.stringify(lines[0])).not.toMatch(/stack|unhandled/);
    }
    expect(linesOf('outage-login')[0].cause).toMatchObject({ reason: 'database unavailable' });
    expect(linesOf('outage-ready')[0].cause).toMatchObject({ reason: 'The database is unreachable.' });
    expect(api.lines.filter((l) => l.level >= 50)).toEqual([]);

    await pg.start();
    await waitFor(
      async () => (await fetch(`${base}/health/ready`)).status === 200,
      30_000,
      'readiness after the database returns',
      250,
    );
    const after = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'someone@example.org', password: 'a-password-of-some-length' }),
    });
    expect(after.status).toBe(401);
  });
});
