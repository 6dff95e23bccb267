import { InjectQueue, Process, Processor } from '@nestjs/bull';
import {
  consultationJobs,
  ConsultationRetentionService,
  ConsultationsConfig,
  PurgeReport,
} from '@app/consultations';
import { QueueName, RepeatableSchedules } from '@app/platform';
import type { Queue } from 'bull';

/**
 * Retention (docs/retention.md): every RETENTION_EVERY_SECONDS (daily) the worker purges the
 * closed and withdrawn requests whose time is up. One repeatable job shared by all workers; the
 * purge itself locks what it takes (SKIP LOCKED) and is idempotent, so an overlap is harmless.
 */
@Processor(QueueName.Maintenance)
export class RetentionProcessor {
  constructor(
    @InjectQueue(QueueName.Maintenance) queue: Queue,
    private readonly retention: ConsultationRetentionService,
    config: ConsultationsConfig,
    schedules: RepeatableSchedules,
  ) {
    schedules.keep(
      queue,
      [
        {
          name: consultationJobs.retentionPurge.name,
          everyMs: config.get('RETENTION_EVERY_SECONDS') * 1000,
          jobId: 'retention-purge',
        },
      ],
      'retention',
    );
  }

  @Process(consultationJobs.retentionPurge.name)
  purge(): Promise<PurgeReport> {
    return this.retention.purgeDue();
  }
}
