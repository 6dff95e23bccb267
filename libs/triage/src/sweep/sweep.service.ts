import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConsultationTriageSupportService } from '@app/consultations';
import { JobName, OutboxService } from '@app/platform';
import { DataSource } from 'typeorm';
import { TriageSettings } from '../config/triage-settings';
import {
  overdueBreachRound,
  sweepBreachJobId,
  sweepNumber,
  sweepTriageJobId,
} from '../escalation/escalation-schedule';
import { SlaEscalationRepository } from '../escalation/sla-escalation.repository';

const SWEEP_BATCH = 500;

/**
 * Nothing lost: open requests the worker has not scored TRIAGE_SWEEP_AFTER_SECONDS after filing
 * (still `submitted`, or claimed before the worker saw them; their triage job was lost with a
 * Redis that had no persistence, or exhausted its retries) are published to triage again through
 * the outbox. The job id varies per sweep period, since Bull keeps the first
 * job (completed or failed) for a day and would swallow a republish under the same id; the
 * triage itself is idempotent, so a request triaged meanwhile is left alone.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger(SweepService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationTriageSupportService,
    private readonly outbox: OutboxService,
    private readonly escalations: SlaEscalationRepository,
    private readonly settings: TriageSettings,
  ) {}

  /** One sweep: stale unscored requests, then lost escalations. */
  async sweep(now = new Date()): Promise<{ triage: number; escalations: number }> {
    return { triage: await this.sweepSubmitted(now), escalations: await this.sweepEscalations(now) };
  }

  /** Republishes open requests still unscored; returns how many. */
  async sweepSubmitted(now = new Date()): Promise<number> {
    const ids = await this.consultations.findStaleUnscored(this.settings.sweepAfterSeconds, SWEEP_BATCH);
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
    this.logger.warn({ count: ids.length, sweep }, 'requests not yet triaged were published to triage again');
    return ids.length;
  }

  /**
   * Re-creates breach escalations lost with Redis (a restart without persistence drops the delayed
   * jobs): for each triaged, unassigned request past its deadline, if the latest round that should
   * have fired by now (allowing TRIAGE_SWEEP_AFTER_SECONDS for its job to run) did not, that round
   * is published again. The escalation handler records each round of a deadline once, so a
   * republish of a round that was only late does nothing.
   */
  async sweepEscalations(now = new Date()): Promise<number> {
    const graceMs = this.settings.sweepAfterSeconds * 1000;
    const overdue = await this.consultations.findOverdueUnassigned(
      this.settings.sweepAfterSeconds,
      SWEEP_BATCH,
    );
    if (overdue.length === 0) return 0;
    const fired = await this.escalations.latestBreachRounds(overdue);
    const sweep = sweepNumber(now, this.settings.sweepEverySeconds);
    const missing = overdue
      .map((c) => ({
        ...c,
        round: overdueBreachRound(
          new Date(c.slaDueAt),
          now,
          this.settings.escalationIntervalMinutes,
          graceMs,
        ),
      }))
      .filter((c) => c.round > (fired.get(c.id) ?? 0));
    if (missing.length === 0) return 0;
    await this.dataSource.transaction(async (manager) => {
      for (const c of missing) {
        await this.outbox.enqueue(manager, {
          name: JobName.SlaBreach,
          payload: { consultationId: c.id, dueAt: new Date(c.slaDueAt).toISOString(), round: c.round },
          jobId: sweepBreachJobId(c.id, new Date(c.slaDueAt), c.round, sweep),
        });
      }
    });
    this.logger.warn({ count: missing.length, sweep }, 'lost deadline escalations were published again');
    return missing.length;
  }
}
