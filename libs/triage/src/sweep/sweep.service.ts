import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConsultationsService } from '@app/consultations';
import { JobName, OutboxService } from '@app/platform';
import { DataSource } from 'typeorm';
import { TriageSettings } from '../config/triage-settings';
import { sweepNumber, sweepTriageJobId } from '../escalation/escalation-schedule';

const SWEEP_BATCH = 500;

/**
 * Nothing lost: requests still `submitted` TRIAGE_SWEEP_AFTER_SECONDS after filing (their triage
 * job was lost with a Redis that had no persistence, or exhausted its retries) are published to
 * triage again through the outbox. The job id varies per sweep period, since Bull keeps the first
 * job (completed or failed) for a day and would swallow a republish under the same id; the
 * triage itself is idempotent, so a request triaged meanwhile is left alone.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger(SweepService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly outbox: OutboxService,
    private readonly settings: TriageSettings,
  ) {}

  /** Republishes stale submitted requests; returns how many. */
  async sweepSubmitted(now = new Date()): Promise<number> {
    const ids = await this.consultations.findStaleSubmitted(this.settings.sweepAfterSeconds, SWEEP_BATCH);
    if (ids.length === 0) return 0;
    const sweep = sweepNumber(now, this.settings.sweepEverySeconds);
    await this.dataSource.transaction(async (manager) => {
      for (const consultationId of ids) {
        await this.outbox.enqueue(manager, {
          name: JobName.ConsultationSubmitted,
          payload: { consultationId },
          jobId: sweepTriageJobId(consultationId, sweep),
        });
      }
    });
    this.logger.warn({ count: ids.length, sweep }, 'requests still submitted were published to triage again');
    return ids.length;
  }
}
