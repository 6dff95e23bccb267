import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { WorkerHeartbeat } from '../apps/worker/src/health/worker-heartbeat';
import { createE2eContext, E2eContext } from './support/e2e-context';

/** The compose healthcheck's command for the worker (docker-compose.yml), run against the file. */
function composeHealthcheck(file: string): number {
  const compose = readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8');
  const script = /worker-healthcheck: &worker-healthcheck "(.+)"/.exec(compose)?.[1];
  if (!script) throw new Error('no worker healthcheck in docker-compose.yml');
  try {
    execFileSync(process.execPath, ['-e', script.replace(/\\"/g, '"')], {
      env: { WORKER_HEARTBEAT_FILE: file },
    });
    return 0;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

/** Issue 11, newcomer: the worker has a healthcheck (a heartbeat file written while its database answers). */
describe('Worker heartbeat', () => {
  let ctx: E2eContext;
  const dir = mkdtempSync(join(tmpdir(), 'ci-heartbeat-'));
  const file = join(dir, 'worker-heartbeat');

  beforeAll(async () => {
    ctx = await createE2eContext('heartbeat', { env: { WORKER_HEARTBEAT_FILE: file } });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is written at start while the database answers, passes the compose check, and is removed on stop', async () => {
    expect(composeHealthcheck(file)).toBe(1);
    const worker = await ctx.startWorker();
    expect(existsSync(file)).toBe(true);
    expect(Date.now() - new Date(readFileSync(file, 'utf8')).getTime()).toBeLessThan(10_000);
    expect(composeHealthcheck(file)).toBe(0);
    const before = statSync(file).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    expect(await worker.get(WorkerHeartbeat).beat()).toBe(true);
    expect(statSync(file).mtimeMs).toBeGreaterThan(before);
    worker.get(WorkerHeartbeat).onApplicationShutdown();
    expect(existsSync(file)).toBe(false);
  });
});
