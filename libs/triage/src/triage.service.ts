import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import {
  ConsultationFacts,
  ConsultationTriageWrites,
  isAwaitingFirstResponse,
  isOpenStatus,
  Priority,
  TriageFacts,
  TriageResult,
} from '@app/consultations';
import { Role } from '@app/identity';
import { Database, GroupCommit, GroupOutcome, OutboxMessage, OutboxService, Tx } from '@app/platform';
import { AssignmentService } from './assignment/assignment.service';
import { AutoAssignPayload, SlaBreachPayload, SlaWarningPayload, triageJobs } from './triage.jobs';
import { AvailabilityService } from '@app/staffing';
import { TriageSettings } from './config/triage-settings';
import { StaffDirectory } from '@app/staffing';
import { planEscalations } from './escalation/escalation-plan';
import {
  autoAssignJobId,
  isCurrentDeadline,
  slaBreachJobId,
  slaWarningJobId,
} from './escalation/escalation-schedule';
import { NewNotifications, NotificationsService } from '@app/notifications';
import { assessRisk, mostUrgent } from './scoring/risk-scoring.policy';
import { computeSlaDueAt } from './sla/sla-deadline';
import { systemCaseEvent } from './system-audit';

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
/** At most this many requests are triaged in one transaction... */
export const TRIAGE_BATCH_MAX = 16;
/** ...and at most this many such transactions run at once per worker. */
const TRIAGE_BATCHES_IN_FLIGHT = 2;

type EscalationPayload = SlaWarningPayload | SlaBreachPayload | AutoAssignPayload;

/** What one triage (or a deadline's rescheduling) writes besides the request: outbox jobs, and a notice. */
interface Escalations {
  messages: OutboxMessage<EscalationPayload>[];
  notice: NewNotifications | null;
}

/**
 * The worker's triage: score a request, set its deadline, suggest an assignee, and schedule what
 * follows. Every open request is scored once, whatever its status: one claimed (or assigned)
 * before the worker saw it still gets its score, reasons, deadline and, unless a person set one,
 * priority; only a still-`submitted` one moves to `triaged`. Everything is written in one triage
 * transaction, opened here: the request (ConsultationTriageWrites.applyTriage, which applies only
 * to a request not scored yet); for a request nobody has taken, the outbox rows for the deadline
 * warning, the first breach round and, for a critical request, the auto-assignment check, plus
 * the notifications to on-duty investigators (every supervisor when nobody is on duty); and last
 * the audit event. A redelivered job, a sweep's republish or a second worker finds the request
 * scored and changes nothing.
 *
 * A person's priority override moves the deadline too (`rescheduleAfterOverride`).
 *
 * Requests whose jobs arrive together are triaged together (GroupCommit, libs/platform): every
 * audited transaction in the system queues for the one audit chain lock, and a triage transaction
 * per request made the worker take it once per request. A batch (at most TRIAGE_BATCH_MAX
 * requests, TRIAGE_BATCHES_IN_FLIGHT at a time) reads its requests in one statement, scores each
 * one, and applies them in ONE transaction: each request on its own conditions, the outbox rows of
 * all of them in one statement, their audit events last, in one statement.
 */
@Injectable()
export class TriageService {
  private readonly batches: GroupCommit<string, TriageOutcome>;

  constructor(
    private readonly db: Database,
    private readonly facts: ConsultationFacts,
    private readonly writes: ConsultationTriageWrites,
    private readonly audit: AuditRecorder,
    private readonly availability: AvailabilityService,
    private readonly assignment: AssignmentService,
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
    private readonly settings: TriageSettings,
    private readonly directory: StaffDirectory,
  ) {
    this.batches = new GroupCommit<string, TriageOutcome>({
      maxBatch: TRIAGE_BATCH_MAX,
      maxInFlight: TRIAGE_BATCHES_IN_FLIGHT,
      maxTries: TRIAGE_TRIES,
      commit: (ids) => this.triageBatch(ids),
      exhausted: (id) => new Error(`triage of ${id} kept losing to concurrent changes`),
    });
  }

  /** Triages one request (in the next batch); see the class comment. */
  triage(consultationId: string): Promise<TriageOutcome> {
    return this.batches.submit(consultationId);
  }

  /**
   * After a person set the priority (`consultation.priority_overridden`): the deadline becomes the
   * one of the new priority, counted from the filing time with the configured targets and
   * business calendar, and the escalations of the new deadline are scheduled (job ids carry the
   * deadline; jobs of the old one find it gone and do nothing).
   */
  async rescheduleAfterOverride(consultationId: string): Promise<DeadlineOutcome> {
    const facts = await this.facts.findForTriage(consultationId);
    if (!facts) return 'not_found';
    if (facts.riskScore === null || facts.priority === null) return 'not_scored';
    if (!isOpenStatus(facts.status)) return 'not_open';
    const priority = facts.priority;
    const submittedAt = new Date(facts.createdAt);
    const slaDueAt = computeSlaDueAt(priority, submittedAt, this.settings.slaTargets, this.settings.calendar);
    if (isCurrentDeadline(slaDueAt, facts.slaDueAt)) return 'unchanged';
    const waiting = isAwaitingFirstResponse(facts);
    const onDuty =
      waiting && priority === 'critical'
        ? await this.toldOfCritical(await this.availability.onDutyInvestigatorIds())
        : [];
    const applied = await this.db.transaction(async (tx) => {
      if (!(await this.writes.rescheduleDeadline(tx, consultationId, { priority, slaDueAt }))) return false;
      if (waiting) {
        const urgentSince = facts.priorityOverriddenAt ? new Date(facts.priorityOverriddenAt) : new Date();
        await this.writeEscalations(tx, [
          this.escalations(facts, priority, slaDueAt, { urgentSince, onDuty }),
        ]);
      }
      await this.audit.record(
        tx,
        systemCaseEvent(consultationId, 'consultation.sla_rescheduled', {
          priority,
          previousDueAt: facts.slaDueAt ? new Date(facts.slaDueAt).toISOString() : null,
          dueAt: slaDueAt.toISOString(),
        }),
      );
      return true;
    });
    return applied ? 'rescheduled' : 'superseded';
  }

  /**
   * One try of a batch (GroupCommit's `commit`): an outcome per job, by position, or null for a
   * job whose request changed under us (a person set the priority after we read it, or another
   * worker scored it), which GroupCommit tries again. Writes nothing when it throws.
   */
  private async triageBatch(ids: readonly string[]): Promise<GroupOutcome<TriageOutcome>[]> {
    const outcomes: GroupOutcome<TriageOutcome>[] = new Array(ids.length).fill(null);
    const facts = new Map((await this.facts.findForTriageMany([...new Set(ids)])).map((f) => [f.id, f]));
    const toScore = new Map<string, { facts: TriageFacts; positions: number[] }>();
    ids.forEach((id, position) => {
      const found = facts.get(id);
      if (!found) outcomes[position] = 'not_found';
      else if (found.riskScore !== null) outcomes[position] = 'already_triaged';
      else if (!isOpenStatus(found.status)) outcomes[position] = 'not_open';
      else {
        const entry = toScore.get(id) ?? { facts: found, positions: [] };
        entry.positions.push(position);
        toScore.set(id, entry);
      }
    });
    if (toScore.size === 0) return outcomes;

    const onDuty = await this.availability.onDutyInvestigatorIds();
    // Suggesting is not assigning: the loads, hence the suggestion, are the same for the whole batch.
    const suggestedAssigneeId = await this.assignment.suggestAssignee(onDuty);
    const scored = [...toScore.values()].map(({ facts: f }) => ({ facts: f, ...this.score(f) }));
    const toldOfCritical = scored.some((s) => s.priority === 'critical')
      ? await this.toldOfCritical(onDuty)
      : [];

    const results: TriageResult[] = scored.map(({ facts: f, assessment, priority, slaDueAt }) => ({
      id: f.id,
      riskScore: assessment.riskScore,
      priority,
      triageReasons: assessment.triageReasons,
      slaDueAt,
      suggestedAssigneeId,
      basedOnOverrideAt: f.priorityOverriddenAt ? new Date(f.priorityOverriddenAt) : null,
    }));
    const applied = await this.db.transaction(async (tx) => {
      const done = await this.writes.applyTriage(tx, results);
      if (done.size === 0) return done;
      // Taken already: nobody needs warning, escalating or auto-assigning (the escalation jobs
      // would find it taken anyway), nor telling about a critical request someone holds.
      const writes = scored
        .filter(({ facts: f }) => done.has(f.id) && isAwaitingFirstResponse(f))
        .map(({ facts: f, priority, slaDueAt }) =>
          this.escalations(f, priority, slaDueAt, {
            urgentSince: new Date(f.createdAt),
            onDuty: toldOfCritical,
          }),
        );
      await this.writeEscalations(tx, writes);
      const riskScores = new Map(results.map((r) => [r.id, r.riskScore]));
      // Last: the audit chain's lock is held from here to the commit.
      await this.audit.recordMany(
        tx,
        [...done].map(([id, { priority }]) =>
          systemCaseEvent(id, 'consultation.triage', {
            priority,
            riskScore: riskScores.get(id),
            automatic: true,
          }),
        ),
      );
      return done;
    });
    for (const [id, { positions }] of toScore) {
      const result = applied.get(id);
      const [first, ...repeats] = positions;
      outcomes[first] = result ? (result.status === 'triaged' ? 'triaged' : 'scored') : null;
      // The same request twice in one batch (a republished job): the second finds it scored.
      for (const repeat of repeats) outcomes[repeat] = result ? 'already_triaged' : null;
    }
    return outcomes;
  }

  /** Score, priority and deadline of a request not scored yet. */
  private score(facts: TriageFacts) {
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
    return { assessment, priority, slaDueAt };
  }

  /**
   * The delayed jobs that watch `slaDueAt` (warning, breach round 1, and for a critical request the
   * auto-assignment), and for a critical request the notice to `onDuty` (the investigators on duty,
   * or every supervisor when nobody is: `toldOfCritical`). Job ids
   * carry the deadline, so a deadline is watched once.
   */
  private escalations(
    facts: TriageFacts,
    priority: Priority,
    slaDueAt: Date,
    options: { urgentSince: Date; onDuty: string[] },
  ): Escalations {
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
    const messages: OutboxMessage<EscalationPayload>[] = [];
    if (plan.warnAt) {
      messages.push({
        job: triageJobs.slaWarning,
        payload: { consultationId, dueAt },
        jobId: slaWarningJobId(consultationId, slaDueAt),
        runAt: plan.warnAt,
      });
    }
    messages.push({
      job: triageJobs.slaBreach,
      payload: { consultationId, dueAt, round: 1 },
      jobId: slaBreachJobId(consultationId, slaDueAt, 1),
      runAt: plan.breachAt,
    });
    if (!plan.autoAssignAt) return { messages, notice: null };
    messages.push({
      job: triageJobs.autoAssign,
      payload: { consultationId },
      jobId: autoAssignJobId(consultationId, slaDueAt),
      runAt: plan.autoAssignAt,
    });
    return {
      messages,
      notice: {
        type: 'consultation.critical',
        consultationId,
        reference: facts.reference,
        recipientIds: options.onDuty,
        dedupeKey: `consultation.critical:${consultationId}`,
      },
    };
  }

  /** Who hears of a new critical request: the investigators on duty, or every supervisor when nobody is. */
  private async toldOfCritical(onDuty: string[]): Promise<string[]> {
    return onDuty.length > 0 ? onDuty : this.directory.activeIds(Role.Supervisor);
  }

  /** In the caller's transaction: every outbox job in one statement, then the notices. */
  private async writeEscalations(tx: Tx, all: Escalations[]): Promise<void> {
    await this.outbox.enqueueMany(
      tx,
      all.flatMap((e) => e.messages),
    );
    for (const { notice } of all) {
      if (notice) await this.notifications.notify(tx, notice);
    }
  }
}
