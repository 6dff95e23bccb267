import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AuditCheckpointService, CheckpointOutcome } from '@app/audit';
import { JobName, QueueName } from '@app/platform';
import type { Queue } from 'bull';
import { scheduleRepeatable } from '../scheduling/repeatable-schedule';
import { AuditConfig } from '@app/audit';

const SCHEDULE_RETRY_MS = 30_000;

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
    private readonly config: AuditConfig,
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
    const everyMs = this.config.get('AUDIT_CHECKPOINT_POLL_SECONDS') * 1000;
    try {
      await scheduleRepeatable(this.queue, {
        name: JobName.AuditCheckpoint,
        everyMs,
        jobId: 'audit-checkpoint',
      });
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({ err: (error as Error).message }, 'could not schedule audit checkpoints; will retry');
      this.retry = setTimeout(() => void this.schedule(), SCHEDULE_RETRY_MS);
      this.retry.unref();
    }
  }
}
