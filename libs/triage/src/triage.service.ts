import { Injectable } from '@nestjs/common';
import { ConsultationTriageSupportService, isOpenStatus, TriageFacts } from '@app/consultations';
import { JobName, OutboxService } from '@app/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { EntityManager } from 'typeorm';
import { AssignmentService } from './assignment/assignment.service';
import { AvailabilityService } from './assignment/availability.service';
import { TriageSettings } from './config/triage-settings';
import { planEscalations } from './escalation/escalation-plan';
import {
  autoAssignJobId,
  isCurrentDeadline,
  slaBreachJobId,
  slaWarningJobId,
} from './escalation/escalation-schedule';
import { NotificationsService } from './notifications/notifications.service';
import { assessRisk, mostUrgent, Priority } from './scoring/risk-scoring.policy';
import { computeSlaDueAt } from './sla/sla-deadline';

/**
 * - `triaged`: scored, and moved from `submitted` to `triaged`.
 * - `scored`: scored; someone had already claimed or been assigned it, so its status stays.
 * - `already_triaged`: scored before (a redelivered job, a sweep's republish, a second worker).
 * - `not_open`: withdrawn or closed before the worker saw it; nothing to do.
 */
export type TriageOutcome = 'triaged' | 'scored' | 'already_triaged' | 'not_open' | 'not_found';

/**
 * - `rescheduled`: the deadline moved to the one of the current priority; its escalations are scheduled.
 * - `unchanged`: the deadline already is that one (a redelivered job, or an override to the same clock).
 * - `not_scored`: the worker has not triaged it yet; its triage will use the person's priority.
 * - `superseded`: the priority changed again meanwhile; that override's own job recomputes.
 */
export type DeadlineOutcome =
  'rescheduled' | 'unchanged' | 'not_scored' | 'superseded' | 'not_open' | 'not_found';

/** Tries of one triage when a person's override lands between reading the request and writing it. */
const TRIAGE_TRIES = 3;

/**
 * The worker's triage: score a request, set its deadline, suggest an assignee, and schedule what
 * follows. Every open request is scored once, whatever its status: one claimed (or assigned)
 * before the worker saw it still gets its score, reasons, deadline and, unless a person set one,
 * priority; only a still-`submitted` one moves to `triaged`. Everything is written in the
 * consultation's own triage transaction (ConsultationTriageSupportService.applyWorkerTriage,
 * which applies only to a request not scored yet): for a request nobody has taken, the outbox
 * rows for the deadline warning, the first breach round and, for a critical request, the
 * auto-assignment check, plus the notifications to on-duty investigators. A redelivered job, a
 * sweep's republish or a second worker finds the request scored and changes nothing.
 *
 * A person's priority override moves the deadline too (`rescheduleAfterOverride`).
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly consultations: ConsultationTriageSupportService,
    private readonly availability: AvailabilityService,
    private readonly assignment: AssignmentService,
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
    private readonly settings: TriageSettings,
  ) {}

  async triage(consultationId: string): Promise<TriageOutcome> {
    for (let attempt = 1; ; attempt++) {
      const facts = await this.consultations.findForTriage(consultationId);
      if (!facts) return 'not_found';
      if (facts.riskScore !== null) return 'already_triaged';
      if (!isOpenStatus(facts.status)) return 'not_open';
      const outcome = await this.scoreOnce(facts);
      if (outcome) return outcome;
      // A person set the priority after we read the request (or another worker scored it): read again.
      if (attempt >= TRIAGE_TRIES)
        throw new Error(`triage of ${consultationId} kept losing to concurrent changes`);
    }
  }

  /**
   * After a person set the priority (`consultation.priority_overridden`): the deadline becomes the
   * one of the new priority, counted from the filing time with the configured targets and
   * business calendar, and the escalations of the new deadline are scheduled (job ids carry the
   * deadline; jobs of the old one find it gone and do nothing).
   */
  async rescheduleAfterOverride(consultationId: string): Promise<DeadlineOutcome> {
    const facts = await this.consultations.findForTriage(consultationId);
    if (!facts) return 'not_found';
    if (facts.riskScore === null || facts.priority === null) return 'not_scored';
    if (!isOpenStatus(facts.status)) return 'not_open';
    const priority = facts.priority;
    const submittedAt = new Date(facts.createdAt);
    const slaDueAt = computeSlaDueAt(priority, submittedAt, this.settings.slaTargets, this.settings.calendar);
    if (isCurrentDeadline(slaDueAt, facts.slaDueAt)) return 'unchanged';
    const waiting = awaitingFirstResponse(facts);
    const onDuty = waiting && priority === 'critical' ? await this.availability.onDutyInvestigatorIds() : [];
    const applied = await this.consultations.rescheduleDeadline(
      consultationId,
      { priority, slaDueAt, previousDueAt: facts.slaDueAt ? new Date(facts.slaDueAt) : null },
      async (manager) => {
        if (!waiting) return;
        await this.scheduleEscalations(manager, facts, priority, slaDueAt, {
          urgentSince: facts.priorityOverriddenAt ? new Date(facts.priorityOverriddenAt) : new Date(),
          onDuty,
        });
      },
    );
    return applied ? 'rescheduled' : 'superseded';
  }

  /** One try: null when the request changed under us (scored by someone else, or overridden). */
  private async scoreOnce(facts: TriageFacts): Promise<TriageOutcome | null> {
    const consultationId = facts.id;
    const assessment = assessRisk(facts);
    // A person's priority stands. Otherwise a priority already on the request (critical at intake
    // for immediate danger) is never lowered.
    const priority: Priority =
      facts.priorityOverriddenAt !== null && facts.priority !== null
        ? facts.priority
        : facts.priority
          ? mostUrgent(assessment.priority, facts.priority)
          : assessment.priority;
    const submittedAt = new Date(facts.createdAt);
    const slaDueAt = computeSlaDueAt(priority, submittedAt, this.settings.slaTargets, this.settings.calendar);
    const onDuty = await this.availability.onDutyInvestigatorIds();
    const suggestedAssigneeId = await this.assignment.suggestAssignee(onDuty);
    // Taken already: nobody needs warning, escalating or auto-assigning (the escalation jobs would
    // find it taken anyway), nor telling about a critical request someone holds.
    const waiting = awaitingFirstResponse(facts);

    if (this.settings.testDelayMs > 0) await sleep(this.settings.testDelayMs);

    const applied = await this.consultations.applyWorkerTriage(
      consultationId,
      {
        riskScore: assessment.riskScore,
        priority,
        triageReasons: assessment.triageReasons,
        slaDueAt,
        suggestedAssigneeId,
        basedOnOverrideAt: facts.priorityOverriddenAt ? new Date(facts.priorityOverriddenAt) : null,
      },
      async (manager) => {
        if (!waiting) return;
        await this.scheduleEscalations(manager, facts, priority, slaDueAt, {
          urgentSince: submittedAt,
          onDuty,
        });
      },
    );
    if (!applied) return null;
    return applied.status === 'triaged' ? 'triaged' : 'scored';
  }

  /**
   * The delayed jobs that watch `slaDueAt` (warning, breach round 1, and for a critical request the
   * auto-assignment), and for a critical request the notice to on-duty investigators, in the
   * caller's transaction. Job ids carry the deadline, so a deadline is watched once.
   */
  private async scheduleEscalations(
    manager: EntityManager,
    facts: TriageFacts,
    priority: Priority,
    slaDueAt: Date,
    options: { urgentSince: Date; onDuty: string[] },
  ): Promise<void> {
    const consultationId = facts.id;
    const plan = planEscalations({
      priority,
      submittedAt: new Date(facts.createdAt),
      dueAt: slaDueAt,
      urgentSince: options.urgentSince,
      now: new Date(),
      slaTargets: this.settings.slaTargets,
      calendar: this.settings.calendar,
      warningFraction: this.settings.warningFraction,
      autoAssignAfterMinutes: this.settings.autoAssignAfterMinutes,
    });
    const dueAt = slaDueAt.toISOString();
    if (plan.warnAt) {
      await this.outbox.enqueue(manager, {
        name: JobName.SlaWarning,
        payload: { consultationId, dueAt },
        jobId: slaWarningJobId(consultationId, slaDueAt),
        runAt: plan.warnAt,
      });
    }
    await this.outbox.enqueue(manager, {
      name: JobName.SlaBreach,
      payload: { consultationId, dueAt, round: 1 },
      jobId: slaBreachJobId(consultationId, slaDueAt, 1),
      runAt: plan.breachAt,
    });
    if (!plan.autoAssignAt) return;
    await this.outbox.enqueue(manager, {
      name: JobName.AutoAssign,
      payload: { consultationId },
      jobId: autoAssignJobId(consultationId, slaDueAt),
      runAt: plan.autoAssignAt,
    });
    await this.notifications.notify(manager, {
      type: 'consultation.critical',
      consultationId,
      reference: facts.reference,
      recipientIds: options.onDuty,
      dedupeKey: `consultation.critical:${consultationId}`,
    });
  }
}

/** Nobody has taken it yet (not claimed, assigned, withdrawn or closed). */
function awaitingFirstResponse(facts: TriageFacts): boolean {
  return (facts.status === 'submitted' || facts.status === 'triaged') && facts.assigneeId === null;
}
