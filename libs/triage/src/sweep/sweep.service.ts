import { Injectable, Logger } from '@nestjs/common';
import { ConsultationFacts, consultationJobIds, consultationJobs } from '@app/consultations';
import { Database, OutboxService } from '@app/platform';
import { triageJobs } from '../triage.jobs';
import { TriageSettings } from '../config/triage-settings';
import {
  isCurrentDeadline,
  overdueBreachRound,
  sweepAutoAssignJobId,
  sweepBreachJobId,
  sweepNumber,
  sweepWarningJobId,
} from '../escalation/escalation-schedule';
import { SlaEscalationRepository, UnfiredEscalation } from '../escalation/sla-escalation.repository';

const SWEEP_BATCH = 500;
/**
 * How far back the sweep looks for auto-assignments that never ran. A critical request that has
 * waited longer is long past its deadline, and the breach rounds keep telling supervisors.
 */
const AUTO_ASSIGN_LOOKBACK_SECONDS = 24 * 3600;
// Warnings need no such bound: only those whose deadline is still ahead are re-created.

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
    private readonly db: Database,
    private readonly consultations: ConsultationFacts,
    private readonly outbox: OutboxService,
    private readonly escalations: SlaEscalationRepository,
    private readonly settings: TriageSettings,
  ) {}

  /** One sweep: stale unscored requests, then lost breach rounds, warnings and auto-assignments. */
  async sweep(
    now = new Date(),
  ): Promise<{ triage: number; escalations: number; warningsAndAutoAssigns: number }> {
    return {
      triage: await this.sweepSubmitted(now),
      escalations: await this.sweepEscalations(now),
      warningsAndAutoAssigns: await this.sweepWarningsAndAutoAssigns(now),
    };
  }

  /** Republishes open requests still unscored; returns how many. */
  async sweepSubmitted(now = new Date()): Promise<number> {
    const ids = await this.consultations.findStaleUnscored(this.settings.sweepAfterSeconds, SWEEP_BATCH);
    if (ids.length === 0) return 0;
    const sweep = sweepNumber(now, this.settings.sweepEverySeconds);
    await this.db.transaction(async (tx) => {
      for (const consultationId of ids) {
        await this.outbox.enqueue(tx, {
          job: consultationJobs.submitted,
          payload: { consultationId },
          jobId: consultationJobIds.submittedSwept(consultationId, sweep),
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
    const fired = await this.escalations.latestBreachRounds(this.db, overdue);
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
    await this.db.transaction(async (tx) => {
      for (const c of missing) {
        await this.outbox.enqueue(tx, {
          job: triageJobs.slaBreach,
          payload: { consultationId: c.id, dueAt: new Date(c.slaDueAt).toISOString(), round: c.round },
          jobId: sweepBreachJobId(c.id, new Date(c.slaDueAt), c.round, sweep),
        });
      }
    });
    this.logger.warn({ count: missing.length, sweep }, 'lost deadline escalations were published again');
    return missing.length;
  }

  /**
   * Re-creates SLA warnings and critical auto-assignments whose delayed jobs were lost with Redis.
   * Their outbox rows say when each should have run; sla_escalations says which ran. A job that
   * should have run more than TRIAGE_SWEEP_AFTER_SECONDS ago and never did is published again
   * (an id of its own per sweep), if the request still waits for someone to take it and still has
   * that deadline (and, for an auto-assignment, is still critical). Never twice: the handlers
   * record each firing in the transaction of its effect and do nothing when it is on record, so a
   * re-created job that only ran late, or two sweeps re-creating one job, change nothing twice.
   */
  async sweepWarningsAndAutoAssigns(now = new Date()): Promise<number> {
    const sweep = sweepNumber(now, this.settings.sweepEverySeconds);
    let published = 0;
    let after: UnfiredEscalation | undefined;
    for (;;) {
      const unfired = await this.escalations.findUnfired(this.db, {
        graceSeconds: this.settings.sweepAfterSeconds,
        autoAssignLookbackSeconds: AUTO_ASSIGN_LOOKBACK_SECONDS,
        limit: SWEEP_BATCH,
        after,
      });
      if (unfired.length === 0) break;
      after = unfired[unfired.length - 1];
      const facts = new Map(
        (await this.consultations.findForTriageMany([...new Set(unfired.map((u) => u.consultationId))])).map(
          (f) => [f.id, f],
        ),
      );
      const lost = unfired.filter((u) => {
        const f = facts.get(u.consultationId);
        if (!f || f.status !== 'triaged' || f.assigneeId !== null) return false;
        if (!isCurrentDeadline(u.dueAt, f.slaDueAt)) return false;
        return u.kind === 'warning' || f.priority === 'critical';
      });
      if (lost.length > 0) {
        await this.db.transaction(async (tx) => {
          for (const u of lost) {
            if (u.kind === 'warning') {
              await this.outbox.enqueue(tx, {
                job: triageJobs.slaWarning,
                payload: { consultationId: u.consultationId, dueAt: u.dueAt.toISOString() },
                jobId: sweepWarningJobId(u.consultationId, u.dueAt, sweep),
              });
            } else {
              await this.outbox.enqueue(tx, {
                job: triageJobs.autoAssign,
                payload: { consultationId: u.consultationId },
                jobId: sweepAutoAssignJobId(u.consultationId, u.dueAt, sweep),
              });
            }
          }
        });
        published += lost.length;
      }
      if (unfired.length < SWEEP_BATCH) break;
    }
    if (published > 0)
      this.logger.warn(
        { count: published, sweep },
        'lost SLA warnings and auto-assignments were published again',
      );
    return published;
  }
}
