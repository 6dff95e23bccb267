import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AuditCheckpointService, CheckpointOutcome } from '@app/audit';
import { AppConfig, JobName, QueueName } from '@app/platform';
import type { Queue } from 'bull';

const REPEAT_JOB_ID = 'audit-checkpoint';
/** Bull's add() hangs rather than failing while Redis is down (docs/stack.md). */
const SCHEDULE_TIMEOUT_MS = 5000;
const SCHEDULE_RETRY_MS = 30_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Audit checkpoints: a repeatable job, every AUDIT_CHECKPOINT_POLL_SECONDS, asks the service
 * whether N events or M minutes have passed and, if so, to sign one. The worker schedules it at
 * start (not a request path); Bull's repeat key makes several workers share one schedule, and the
 * write itself is idempotent. A schedule left by a different poll interval is replaced.
 */
@Processor(QueueName.Maintenance)
export class AuditCheckpointProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditCheckpointProcessor.name);
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly checkpoints: AuditCheckpointService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  @Process(JobName.AuditCheckpoint)
  writeCheckpoint(): Promise<CheckpointOutcome> {
    return this.checkpoints.writeCheckpointIfDue();
  }

  private async schedule(): Promise<void> {
    const every = this.config.get('AUDIT_CHECKPOINT_POLL_SECONDS') * 1000;
    try {
      await withTimeout(this.replaceSchedule(every), SCHEDULE_TIMEOUT_MS);
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({ err: (error as Error).message }, 'could not schedule audit checkpoints; will retry');
      this.retry = setTimeout(() => void this.schedule(), SCHEDULE_RETRY_MS);
      this.retry.unref();
    }
  }

  private async replaceSchedule(every: number): Promise<void> {
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === JobName.AuditCheckpoint && Number(job.every) !== every) await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add(
      JobName.AuditCheckpoint,
      {},
      { repeat: { every }, jobId: REPEAT_JOB_ID, attempts: 1, removeOnComplete: 100, removeOnFail: 100 },
    );
  }
}
