/**
 * Queue and job names are persisted in Redis and in outbox rows: never rename one without a
 * migration plan (docs/style.md habit 6).
 */
export enum QueueName {
  Triage = 'triage',
  Escalation = 'escalation',
  Notification = 'notification',
  Maintenance = 'maintenance',
}

export enum JobName {
  ConsultationSubmitted = 'consultation.submitted',
  SlaWarning = 'consultation.sla_warning',
  SlaBreach = 'consultation.sla_breach',
  AutoAssign = 'consultation.auto_assign',
  NotificationCreate = 'notification.create',
  SweepSubmitted = 'maintenance.sweep_submitted',
  AuditCheckpoint = 'maintenance.audit_checkpoint',
  OutboxCleanup = 'maintenance.outbox_cleanup',
  IdempotencyKeyPurge = 'maintenance.idempotency_key_purge',
  PriorityOverridden = 'consultation.priority_overridden',
  RetentionPurge = 'maintenance.retention_purge',
}

/** Payloads carry ids only, never case content. */
export interface JobPayloads {
  [JobName.ConsultationSubmitted]: { consultationId: string };
  [JobName.SlaWarning]: { consultationId: string; dueAt: string };
  [JobName.SlaBreach]: { consultationId: string; dueAt: string; round: number };
  [JobName.AutoAssign]: { consultationId: string };
  [JobName.NotificationCreate]: { consultationId: string; event: string; recipientIds?: string[] };
  [JobName.SweepSubmitted]: Record<string, never>;
  [JobName.AuditCheckpoint]: Record<string, never>;
  [JobName.OutboxCleanup]: Record<string, never>;
  [JobName.IdempotencyKeyPurge]: Record<string, never>;
  [JobName.PriorityOverridden]: { consultationId: string };
  [JobName.RetentionPurge]: Record<string, never>;
}

/** Which queue each job runs on. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ConsultationSubmitted]: QueueName.Triage,
  [JobName.SlaWarning]: QueueName.Escalation,
  [JobName.SlaBreach]: QueueName.Escalation,
  [JobName.AutoAssign]: QueueName.Escalation,
  [JobName.NotificationCreate]: QueueName.Notification,
  [JobName.SweepSubmitted]: QueueName.Maintenance,
  [JobName.AuditCheckpoint]: QueueName.Maintenance,
  [JobName.OutboxCleanup]: QueueName.Maintenance,
  [JobName.IdempotencyKeyPurge]: QueueName.Maintenance,
  [JobName.PriorityOverridden]: QueueName.Triage,
  [JobName.RetentionPurge]: QueueName.Maintenance,
};
