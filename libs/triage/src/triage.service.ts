import { Injectable } from '@nestjs/common';
import { ConsultationTriageSupportService } from '@app/consultations';
import { JobName, OutboxService } from '@app/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { AssignmentService } from './assignment/assignment.service';
import { AvailabilityService } from './assignment/availability.service';
import { TriageSettings } from './config/triage-settings';
import { autoAssignJobId, slaBreachJobId, slaWarningJobId } from './escalation/escalation-schedule';
import { NotificationsService } from './notifications/notifications.service';
import { assessRisk, mostUrgent } from './scoring/risk-scoring.policy';
import { computeSlaDueAt } from './sla/sla-deadline';
import { slaWarningAt } from './sla/sla-warning';

export type TriageOutcome = 'triaged' | 'already_triaged' | 'not_found';

const MINUTE_MS = 60_000;

/**
 * The worker's triage of a submitted request: score it, set its deadline, suggest an assignee,
 * and schedule what follows. Everything is written in the consultation's own triage transaction
 * (ConsultationTriageSupportService.applyWorkerTriage, which moves only a still-`submitted` request): the
 * outbox rows for the deadline warning, the first breach round and, for a critical request, the
 * auto-assignment check, plus the notifications to on-duty investigators. A redelivered job, a
 * sweep's republish or a second worker finds the request triaged and changes nothing.
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
    const facts = await this.consultations.findForTriage(consultationId);
    if (!facts) return 'not_found';
    if (facts.status !== 'submitted') return 'already_triaged';

    const assessment = assessRisk(facts);
    // A priority already on the request (critical at intake for immediate danger) is never lowered.
    const priority = facts.priority ? mostUrgent(assessment.priority, facts.priority) : assessment.priority;
    const { calendar, slaTargets } = this.settings;
    const submittedAt = new Date(facts.createdAt);
    const slaDueAt = computeSlaDueAt(priority, submittedAt, slaTargets, calendar);
    const warnAt = slaWarningAt(
      slaTargets[priority],
      submittedAt,
      slaDueAt,
      calendar,
      this.settings.warningFraction,
    );
    const onDuty = await this.availability.onDutyInvestigatorIds();
    const suggestedAssigneeId = await this.assignment.suggestAssignee(onDuty);

    if (this.settings.testDelayMs > 0) await sleep(this.settings.testDelayMs);

    const dueAt = slaDueAt.toISOString();
    const applied = await this.consultations.applyWorkerTriage(
      consultationId,
      {
        riskScore: assessment.riskScore,
        priority,
        triageReasons: assessment.triageReasons,
        slaDueAt,
        suggestedAssigneeId,
      },
      async (manager) => {
        await this.outbox.enqueue(manager, {
          name: JobName.SlaWarning,
          payload: { consultationId, dueAt },
          jobId: slaWarningJobId(consultationId),
          runAt: warnAt,
        });
        await this.outbox.enqueue(manager, {
          name: JobName.SlaBreach,
          payload: { consultationId, dueAt, round: 1 },
          jobId: slaBreachJobId(consultationId, 1),
          runAt: slaDueAt,
        });
        if (priority !== 'critical') return;
        await this.outbox.enqueue(manager, {
          name: JobName.AutoAssign,
          payload: { consultationId },
          jobId: autoAssignJobId(consultationId),
          runAt: new Date(submittedAt.getTime() + this.settings.autoAssignAfterMinutes * MINUTE_MS),
        });
        await this.notifications.notify(manager, {
          type: 'consultation.critical',
          consultationId,
          reference: facts.reference,
          recipientIds: onDuty,
          dedupeKey: `consultation.critical:${consultationId}`,
        });
      },
    );
    return applied ? 'triaged' : 'already_triaged';
  }
}
