import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { AuditCheckpointService, AuditConfig, auditJobs, CheckpointOutcome } from '@app/audit';
import { QueueName, RepeatableSchedules } from '@app/platform';
import type { Queue } from 'bull';

/**
 * Audit checkpoints: a repeatable job, every AUDIT_CHECKPOINT_POLL_SECONDS, asks the service
 * whether N events or M minutes have passed and, if so, to sign one. Kept scheduled by the worker
 * like every repeatable job (RepeatableSchedules); Bull's repeat key makes several workers share one
 * schedule, and the write itself is idempotent.
 */
@Processor(QueueName.Maintenance)
export class AuditCheckpointProcessor {
  constructor(
    @InjectQueue(QueueName.Maintenance) queue: Queue,
    private readonly checkpoints: AuditCheckpointService,
    config: AuditConfig,
    schedules: RepeatableSchedules,
  ) {
    schedules.keep(
      queue,
      [
        {
          name: auditJobs.checkpoint.name,
          everyMs: config.get('AUDIT_CHECKPOINT_POLL_SECONDS') * 1000,
          jobId: 'audit-checkpoint',
        },
      ],
      'audit checkpoints',
    );
  }

  @Process(auditJobs.checkpoint.name)
  writeCheckpoint(): Promise<CheckpointOutcome> {
    return this.checkpoints.writeCheckpointIfDue();
  }
}
