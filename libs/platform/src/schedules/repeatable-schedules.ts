import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from '../timeouts/with-timeout';

/** Bull's add() hangs rather than failing while Redis is down (docs/stack.md). */
const SCHEDULE_TIMEOUT_MS = 5000;
/**
 * A schedule lives in Redis; a Redis restarted without persistence forgets it. Checking every
 * schedule now and then (adding an existing repeatable job is a no-op) brings it back without a
 * worker restart.
 */
export const RESCHEDULE_EVERY_MS = 60_000;

export interface RepeatableJob {
  name: string;
  everyMs: number;
  /** Part of Bull's repeat key: several workers adding the same job share one schedule. */
  jobId: string;
}

interface Schedule {
  queue: Queue;
  jobs: readonly RepeatableJob[];
  /** What is being scheduled, for the log ("the triage sweeper"). */
  what: string;
  warned: boolean;
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
 * Every repeatable job of the process, kept scheduled for as long as it runs: a processor hands its
 * jobs to `keep()` when it is built; at application start and every RESCHEDULE_EVERY_MS after, each
 * job is put on its queue again, so a schedule Redis forgot comes back. A schedule of the same name
 * left with another interval is replaced. A failure is logged once per outage of each schedule.
 */
@Injectable()
export class RepeatableSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RepeatableSchedules.name);
  private readonly schedules: Schedule[] = [];
  private timer?: NodeJS.Timeout;

  keep(queue: Queue, jobs: readonly RepeatableJob[], what: string): void {
    this.schedules.push({ queue, jobs, what, warned: false });
  }

  onApplicationBootstrap(): void {
    if (this.schedules.length === 0) return;
    void this.ensure();
    this.timer = setInterval(() => void this.ensure(), RESCHEDULE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Puts every schedule on its queue (what the timer does); never throws. */
  async ensure(): Promise<void> {
    await Promise.all(this.schedules.map((schedule) => this.ensureOne(schedule)));
  }

  private async ensureOne(schedule: Schedule): Promise<void> {
    try {
      for (const job of schedule.jobs)
        await withTimeout(replaceSchedule(schedule.queue, job), SCHEDULE_TIMEOUT_MS, 'scheduling');
      schedule.warned = false;
    } catch (error) {
      if (!schedule.warned)
        this.logger.warn(
          { err: (error as Error).message },
          `could not schedule ${schedule.what}; will retry`,
        );
      schedule.warned = true;
    }
  }
}
