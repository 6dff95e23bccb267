import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobName, QueueName } from '@app/platform';
import { SweepService, TriageSettings } from '@app/triage';
import type { Queue } from 'bull';

const REPEAT_JOB_ID = 'triage-sweep';
/** Bull's add() hangs rather than failing while Redis is down (docs/stack.md). */
const SCHEDULE_TIMEOUT_MS = 5000;
/**
 * The schedule lives in Redis; a Redis restarted without persistence forgets it. Checking it now
 * and then (adding an existing repeatable job is a no-op) brings the sweeper back without a
 * worker restart.
 */
const RESCHEDULE_EVERY_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The triage sweeper: a repeatable job every TRIAGE_SWEEP_EVERY_SECONDS that republishes requests
 * still `submitted` and re-creates lost deadline escalations (SweepService). Scheduled by the worker at start; Bull's repeat key makes
 * several workers share one schedule. A schedule left by a different interval is replaced.
 */
@Processor(QueueName.Maintenance)
export class TriageSweepProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TriageSweepProcessor.name);
  private timer?: NodeJS.Timeout;
  private warned = false;

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly sweeper: SweepService,
    private readonly settings: TriageSettings,
  ) {}

  onApplicationBootstrap(): void {
    void this.schedule();
    this.timer = setInterval(() => void this.schedule(), RESCHEDULE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  @Process(JobName.SweepSubmitted)
  sweep(): Promise<{ triage: number; escalations: number }> {
    return this.sweeper.sweep();
  }

  private async schedule(): Promise<void> {
    const every = this.settings.sweepEverySeconds * 1000;
    try {
      await withTimeout(this.replaceSchedule(every), SCHEDULE_TIMEOUT_MS);
      this.warned = false;
    } catch (error) {
      if (!this.warned)
        this.logger.warn(
          { err: (error as Error).message },
          'could not schedule the triage sweeper; will retry',
        );
      this.warned = true;
    }
  }

  private async replaceSchedule(every: number): Promise<void> {
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === JobName.SweepSubmitted && Number(job.every) !== every)
        await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add(
      JobName.SweepSubmitted,
      {},
      { repeat: { every }, jobId: REPEAT_JOB_ID, attempts: 1, removeOnComplete: 100, removeOnFail: 100 },
    );
  }
}
