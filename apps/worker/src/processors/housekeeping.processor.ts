import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { ConsultationIntakeService } from '@app/consultations';
import {
  AppConfig,
  Database,
  housekeepingJobs,
  OutboxRepository,
  QueueName,
  RepeatableSchedules,
} from '@app/platform';
import type { Queue } from 'bull';

/** Rows deleted per statement: short locks, and a large backlog still goes in one run. */
export const HOUSEKEEPING_BATCH = 1000;
/** At most this many batches per run; whatever is left goes on the next run. */
export const HOUSEKEEPING_MAX_BATCHES = 100;

/** Calls `deleteBatch` until a batch comes back short (nothing more is due) or the cap is hit. */
export async function deleteInBatches(
  deleteBatch: (batch: number) => Promise<number>,
  batch = HOUSEKEEPING_BATCH,
  maxBatches = HOUSEKEEPING_MAX_BATCHES,
): Promise<number> {
  let total = 0;
  for (let round = 0; round < maxBatches; round++) {
    const deleted = await deleteBatch(batch);
    total += deleted;
    if (deleted < batch) break;
  }
  return total;
}

/**
 * Housekeeping, every HOUSEKEEPING_EVERY_SECONDS: deletes outbox rows published more than
 * OUTBOX_RETENTION_HOURS ago (platform's OutboxRepository) and expired intake Idempotency-Keys
 * (the consultations' intake service), and failed maintenance jobs older than one period. Three
 * repeatable jobs, scheduled by the worker at start and shared by all workers; each is idempotent,
 * so an overlap or a retry is harmless.
 */
@Processor(QueueName.Maintenance)
export class HousekeepingProcessor {
  private readonly retentionHours: number;
  private readonly failedKeepMs: number;

  constructor(
    private readonly db: Database,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly outbox: OutboxRepository,
    private readonly intake: ConsultationIntakeService,
    config: AppConfig,
    schedules: RepeatableSchedules,
  ) {
    this.retentionHours = config.get('OUTBOX_RETENTION_HOURS');
    const everyMs = config.get('HOUSEKEEPING_EVERY_SECONDS') * 1000;
    this.failedKeepMs = everyMs;
    schedules.keep(
      queue,
      [
        { name: housekeepingJobs.outboxCleanup.name, everyMs, jobId: 'outbox-cleanup' },
        { name: housekeepingJobs.idempotencyKeyPurge.name, everyMs, jobId: 'idempotency-key-purge' },
        {
          name: housekeepingJobs.failedMaintenanceCleanup.name,
          everyMs,
          jobId: 'failed-maintenance-cleanup',
        },
      ],
      'housekeeping',
    );
  }

  @Process(housekeepingJobs.outboxCleanup.name)
  async cleanOutbox(): Promise<{ deleted: number }> {
    const olderThanHours = this.retentionHours;
    return {
      deleted: await deleteInBatches((batch) =>
        this.outbox.deletePublished(this.db, { olderThanHours, batch }),
      ),
    };
  }

  /**
   * Failed maintenance jobs (a sweep, checkpoint or housekeeping run that failed while PostgreSQL
   * or Redis was away) would otherwise stay in Bull's failed set forever: Bull trims a failed set
   * only when another job of the queue fails. Each is superseded by the next run of its schedule,
   * so it is kept one housekeeping period (visible in GET /stats/queue and in the log), then
   * removed. Failed triage, escalation and notification jobs are left alone: they stay visible
   * until someone looks, and the sweeper re-creates what they should have done.
   */
  @Process(housekeepingJobs.failedMaintenanceCleanup.name)
  async cleanFailedMaintenanceJobs(): Promise<{ removed: number }> {
    const removed = await this.queue.clean(this.failedKeepMs, 'failed');
    return { removed: removed.length };
  }

  @Process(housekeepingJobs.idempotencyKeyPurge.name)
  async purgeIdempotencyKeys(): Promise<{ deleted: number }> {
    return { deleted: await deleteInBatches((batch) => this.intake.purgeExpiredIdempotencyKeys(batch)) };
  }
}
