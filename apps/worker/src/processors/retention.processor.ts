import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConsultationRetentionService, PurgeReport } from '@app/consultations';
import { JobName, QueueName } from '@app/platform';
import type { Queue } from 'bull';
import { RepeatableSchedule } from '../scheduling/repeatable-schedule';
import { ConsultationsConfig } from '@app/consultations';

/**
 * Retention (docs/retention.md): every RETENTION_EVERY_SECONDS (daily) the worker purges the
 * closed and withdrawn requests whose time is up. One repeatable job shared by all workers; the
 * purge itself locks what it takes (SKIP LOCKED) and is idempotent, so an overlap is harmless.
 */
@Processor(QueueName.Maintenance)
export class RetentionProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly schedule: RepeatableSchedule;

  constructor(
    @InjectQueue(QueueName.Maintenance) queue: Queue,
    private readonly retention: ConsultationRetentionService,
    config: ConsultationsConfig,
  ) {
    this.schedule = new RepeatableSchedule(
      queue,
      [
        {
          name: JobName.RetentionPurge,
          everyMs: config.get('RETENTION_EVERY_SECONDS') * 1000,
          jobId: 'retention-purge',
        },
      ],
      new Logger(RetentionProcessor.name),
      'retention',
    );
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  onApplicationShutdown(): void {
    this.schedule.stop();
  }

  @Process(JobName.RetentionPurge)
  purge(): Promise<PurgeReport> {
    return this.retention.purgeDue();
  }
}
