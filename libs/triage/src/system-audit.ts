import { AuditEventInput } from '@app/audit';
import { SYSTEM_AUDIT_ACTOR } from '@app/platform';

/**
 * The audit event of a change the system made to a request: the worker's triage
 * (`consultation.triage`), a deadline moved after a person's priority
 * (`consultation.sla_rescheduled`), an automatic assignment (`consultation.assign`) and a breach
 * round (`consultation.sla_breached`), all as actor `system`.
 *
 * Triage records these, not libs/consultations (whose ConsultationTriageWrites only changes the
 * row): the event must be the last statement of its transaction, since the audit chain's head
 * lock is held until commit and every audited transaction in the system queues for it, and only
 * the side that opens the transaction knows what comes last (outbox rows, notifications); the
 * details (score, round, who was told) are triage's decisions. People's changes stay audited by
 * libs/consultations, which opens those transactions.
 */
export function systemCaseEvent(
  consultationId: string,
  action: string,
  details: Record<string, unknown>,
): AuditEventInput {
  return {
    action,
    resourceType: 'consultation',
    resourceId: consultationId,
    ...SYSTEM_AUDIT_ACTOR,
    details,
  };
}
