import { Logger } from '@nestjs/common';
import { JobName } from '@app/platform';
import type { Queue } from 'bull';

/** Bull's add() hangs rather than failing while Redis is down (docs/stack.md). */
const SCHEDULE_TIMEOUT_MS = 5000;
/**
 * The schedule lives in Redis; a Redis restarted without persistence forgets it. Checking it now
 * and then (adding an existing repeatable job is a no-op) brings it back without a worker restart.
 */
const RESCHEDULE_EVERY_MS = 60_000;

export interface RepeatableJob {
  name: JobName;
  everyMs: number;
  /** Part of Bull's repeat key: several workers adding the same job share one schedule. */
  jobId: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function replaceSchedule(queue: Queue, job: RepeatableJob): Promise<void> {
  for (const existing of await queue.getRepeatableJobs()) {
    if (existing.name === job.name && Number(existing.every) !== job.everyMs)
      await queue.removeRepeatableByKey(existing.key);
  }
  await queue.add(
    job.name,
    {},
    {
      repeat: { every: job.everyMs },
      jobId: job.jobId,
      attempts: 1,
      removeOnComplete: 100,
      // Bounded by count and age; housekeeping also removes failed maintenance jobs after one
      // period, since Bull trims by age only when another job fails.
      removeOnFail: { count: 100, age: 24 * 3600 },
    },
  );
}

/**
 * Puts `job` on `queue` as a repeatable job, replacing a schedule of that name left with another
 * interval. Rejects when Redis does not answer within SCHEDULE_TIMEOUT_MS.
 */
export function scheduleRepeatable(queue: Queue, job: RepeatableJob): Promise<void> {
  return withTimeout(replaceSchedule(queue, job), SCHEDULE_TIMEOUT_MS);
}

/**
 * Keeps repeatable jobs scheduled for as long as the worker runs: at `start()` and every minute
 * after, so a schedule lost with Redis comes back. A failure is logged once per outage.
 */
export class RepeatableSchedule {
  private timer?: NodeJS.Timeout;
  private warned = false;

  constructor(
    private readonly queue: Queue,
    private readonly jobs: readonly RepeatableJob[],
    private readonly logger: Logger,
    /** What is being scheduled, for the log ("the triage sweeper"). */
    private readonly what: string,
  ) {}

  start(): void {
    void this.ensure();
    this.timer = setInterval(() => void this.ensure(), RESCHEDULE_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async ensure(): Promise<void> {
    try {
      for (const job of this.jobs) await scheduleRepeatable(this.queue, job);
      this.warned = false;
    } catch (error) {
      if (!this.warned)
        this.logger.warn({ err: (error as Error).message }, `could not schedule ${this.what}; will retry`);
      this.warned = true;
    }
  }
}
