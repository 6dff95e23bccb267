/**
 * Helpers for the triage suites: polling, publishing a job through the outbox, and a worker
 * started as a separate process (so a test can SIGKILL it in the middle of a job).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { E2eContext } from './e2e-context.types';

/** Polls `probe` until it answers something truthy; fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  what = 'a condition',
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Publishes a job the way the application does: a row in the outbox that a worker's relay sends to Bull. */
export async function publishJob(
  ctx: E2eContext,
  job: { queue: string; name: string; jobId: string; payload: object; runAt?: Date },
): Promise<void> {
  await ctx.db.query(
    `INSERT INTO outbox (queue, job_name, job_id, payload, run_at) VALUES ($1, $2, $3, $4, COALESCE($5, now()))`,
    [job.queue, job.name, job.jobId, JSON.stringify(job.payload), job.runAt ?? null],
  );
}

/** How many `consultation.triage` audit events each consultation has (the worker's, actor system). */
export async function triageEventCounts(ctx: E2eContext, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await ctx.db.query<{ resource_id: string; n: number }>(
    `SELECT resource_id, count(*)::int AS n FROM audit_events
     WHERE action = 'consultation.triage' AND actor_role = 'system' AND resource_id = ANY($1::text[])
     GROUP BY resource_id`,
    [ids],
  );
  return new Map(ids.map((id) => [id, rows.find((r) => r.resource_id === id)?.n ?? 0]));
}

export async function countByStatus(ctx: E2eContext, ids: string[], status: string): Promise<number> {
  const { rows } = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM consultations WHERE id = ANY($1::uuid[]) AND status = $2`,
    [ids, status],
  );
  return rows[0].n;
}

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The worker's real entry point (apps/worker/src/main.ts) in a child process, compiled on the fly
 * by test/support/ts-register.js (@swc/core, already a dev dependency), with the suite's database
 * and Redis plus `env`. Its output is kept for the failure message.
 */
export class WorkerProcess {
  private output = '';
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** `entry`: the worker's main.ts, or a test variant of it (e.g. test/support/slow-triage-worker.ts). */
  static start(ctx: E2eContext, env: Record<string, string>, entry = 'apps/worker/src/main.ts'): WorkerProcess {
    const child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'test/support/ts-register.js'), join(ROOT, entry)],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
          DATABASE_URL: ctx.database.appUrl,
          REDIS_PREFIX: ctx.redisPrefix,
          OUTBOX_POLL_MS: '50',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return new WorkerProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get log(): string {
    return this.output.slice(-4000);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: no shutdown hook runs, the active jobs keep their (lapsing) locks. */
  async kill(): Promise<void> {
    if (!this.running) return;
    process.kill(this.child.pid as number, 'SIGKILL');
    await this.exited;
  }
}
