import { defineJob, QueueName } from '@app/platform';

export interface SlaWarningPayload {
  consultationId: string;
  dueAt: string;
}
export interface SlaBreachPayload {
  consultationId: string;
  dueAt: string;
  round: number;
}
export interface AutoAssignPayload {
  consultationId: string;
}

/**
 * The jobs triage publishes (their ids: escalation/escalation-schedule.ts). Names are persisted in
 * Redis and outbox rows: never rename one.
 */
export const triageJobs = {
  slaWarning: defineJob<SlaWarningPayload>(QueueName.Escalation, 'consultation.sla_warning'),
  slaBreach: defineJob<SlaBreachPayload>(QueueName.Escalation, 'consultation.sla_breach'),
  autoAssign: defineJob<AutoAssignPayload>(QueueName.Escalation, 'consultation.auto_assign'),
  /** The worker's repeatable sweep, which republishes what Redis lost. */
  sweepSubmitted: defineJob<Record<string, never>>(QueueName.Maintenance, 'maintenance.sweep_submitted'),
};
