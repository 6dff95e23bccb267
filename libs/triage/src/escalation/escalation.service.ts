import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import {
  ConsultationFacts,
  ConsultationTriageWrites,
  isAwaitingFirstResponse,
  TriageFacts,
} from '@app/consultations';
import { Role } from '@app/identity';
import { Database, OutboxService } from '@app/platform';
import { AutoAssignPayload, SlaBreachPayload, SlaWarningPayload, triageJobs } from '../triage.jobs';
import { AssignmentService } from '../assignment/assignment.service';
import { TriageSettings } from '../config/triage-settings';
import { StaffDirectory } from '@app/staffing';
import { NotificationsService } from '@app/notifications';
import { systemCaseEvent } from '../system-audit';
import { isCurrentDeadline, nextBreachRound, slaBreachJobId } from './escalation-schedule';
import { SlaEscalationRepository } from './sla-escalation.repository';

/**
 * - `escalated`: supervisors were told (and for a breach, the next round scheduled).
 * - `resolved`: someone took the request (or it was withdrawn or closed); the escalation ends.
 * - `superseded`: the job watches a deadline the request no longer has (a person changed the
 *   priority, and the new deadline has jobs of its own).
 * - `duplicate`: this firing was recorded already (a redelivered job).
 */
export type EscalationOutcome = 'escalated' | 'resolved' | 'superseded' | 'duplicate';
export type AutoAssignOutcome = 'assigned' | 'not_needed' | 'nobody_on_duty';

/** Still waiting for someone to take it: not assigned, not withdrawn or closed. */
function awaitingFirstResponse(facts: TriageFacts | null): facts is TriageFacts {
  return facts !== null && isAwaitingFirstResponse(facts);
}

/**
 * What happens when nobody takes a request in time. Each job first checks that the request still
 * waits (a claim, an assignment or a withdrawal ends the escalation) and still has the deadline
 * the job was scheduled for (a changed deadline has jobs of its own), then records the firing in
 * sla_escalations in the same transaction as its effects: a redelivered job finds the row and does
 * nothing, so supervisors are never told twice and no round is scheduled twice.
 */
@Injectable()
export class EscalationService {
  constructor(
    private readonly db: Database,
    private readonly consultations: ConsultationFacts,
    private readonly writes: ConsultationTriageWrites,
    private readonly escalations: SlaEscalationRepository,
    private readonly notifications: NotificationsService,
    private readonly directory: StaffDirectory,
    private readonly assignment: AssignmentService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly settings: TriageSettings,
  ) {}

  /** At 75% of the time: tell every supervisor the deadline is near. */
  async warn(payload: SlaWarningPayload): Promise<EscalationOutcome> {
    const facts = await this.consultations.findForTriage(payload.consultationId);
    if (!awaitingFirstResponse(facts)) return 'resolved';
    if (!isCurrentDeadline(payload.dueAt, facts.slaDueAt)) return 'superseded';
    const supervisors = await this.directory.activeIds(Role.Supervisor);
    const dueAt = new Date(payload.dueAt);
    return this.db.transaction(async (tx) => {
      const fired = await this.escalations.recordFiring(tx, {
        consultationId: facts.id,
        kind: 'warning',
        round: 0,
        dueAt,
      });
      if (!fired) return 'duplicate';
      await this.notifications.notify(tx, {
        type: 'consultation.sla_warning',
        consultationId: facts.id,
        reference: facts.reference,
        recipientIds: supervisors,
        dedupeKey: `consultation.sla_warning:${facts.id}:${dueAt.getTime()}`,
      });
      return 'escalated';
    });
  }

  /**
   * At the deadline, and every SLA_ESCALATION_INTERVAL_MINUTES after it while nobody has taken the
   * request: audit `consultation.sla_breached` (the system acting), notify every supervisor, and
   * schedule the next round through the outbox.
   */
  async breach(payload: SlaBreachPayload): Promise<EscalationOutcome> {
    const facts = await this.consultations.findForTriage(payload.consultationId);
    if (!awaitingFirstResponse(facts)) return 'resolved';
    if (!isCurrentDeadline(payload.dueAt, facts.slaDueAt)) return 'superseded';
    const supervisors = await this.directory.activeIds(Role.Supervisor);
    const dueAt = new Date(payload.dueAt);
    const next = nextBreachRound(dueAt, payload.round, new Date(), this.settings.escalationIntervalMinutes);
    return this.db.transaction(async (tx) => {
      const fired = await this.escalations.recordFiring(tx, {
        consultationId: facts.id,
        kind: 'breach',
        round: payload.round,
        dueAt,
      });
      if (!fired) return 'duplicate';
      const notified = await this.notifications.notify(tx, {
        type: 'consultation.sla_breached',
        consultationId: facts.id,
        reference: facts.reference,
        recipientIds: supervisors,
        dedupeKey: `consultation.sla_breached:${facts.id}:${dueAt.getTime()}:${payload.round}`,
      });
      await this.outbox.enqueue(tx, {
        job: triageJobs.slaBreach,
        payload: { consultationId: facts.id, dueAt: payload.dueAt, round: next.round },
        jobId: slaBreachJobId(facts.id, dueAt, next.round),
        runAt: next.runAt,
      });
      await this.audit.record(
        tx,
        systemCaseEvent(facts.id, 'consultation.sla_breached', {
          round: payload.round,
          priority: facts.priority,
          dueAt: payload.dueAt,
          supervisorsNotified: notified,
        }),
      );
      return 'escalated';
    });
  }

  /**
   * A critical request nobody claimed within AUTO_ASSIGN_CRITICAL_AFTER_MINUTES goes to the
   * investigator suggested now (the least-loaded one on duty at this moment, rather than the one
   * suggested at triage, who may have gone off duty since). The assignee is notified in the same
   * transaction. Nobody on duty: nothing to do here; the breach escalation keeps supervisors told.
   * Either way the attempt is recorded in sla_escalations (`auto_assign`), so it is made once.
   */
  async autoAssign(payload: AutoAssignPayload): Promise<AutoAssignOutcome> {
    const facts = await this.consultations.findForTriage(payload.consultationId);
    if (!awaitingFirstResponse(facts) || facts.status !== 'triaged' || facts.priority !== 'critical')
      return 'not_needed';
    // Recorded like a warning or breach round, so that the sweeper can tell an auto-assignment
    // that ran from one whose delayed job was lost with Redis (and re-create only the latter).
    const firing = {
      consultationId: facts.id,
      kind: 'auto_assign' as const,
      round: 0,
      dueAt: new Date(facts.slaDueAt ?? Date.now()),
    };
    const investigatorId = await this.assignment.suggestAssignee();
    if (!investigatorId) {
      await this.db.transaction((tx) => this.escalations.recordFiring(tx, firing));
      return 'nobody_on_duty';
    }
    const assigned = await this.db.transaction(async (tx) => {
      if (!(await this.writes.autoAssign(tx, facts.id, investigatorId))) return false;
      await this.escalations.recordFiring(tx, firing);
      await this.notifications.notify(tx, {
        type: 'consultation.assigned',
        consultationId: facts.id,
        reference: facts.reference,
        recipientIds: [investigatorId],
        dedupeKey: `consultation.assigned:auto:${facts.id}`,
      });
      await this.audit.record(
        tx,
        systemCaseEvent(facts.id, 'consultation.assign', { assigneeId: investigatorId, automatic: true }),
      );
      return true;
    });
    return assigned ? 'assigned' : 'not_needed';
  }
}
