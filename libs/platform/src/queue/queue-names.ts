/**
 * Queue and job names are persisted in Redis and in outbox rows: never rename one without a
 * migration plan (docs/style.md habit 6).
 */
export enum QueueName {
  Triage = 'triage',
  Escalation = 'escalation',
  Notification = 'notification',
  Maintenance = 'maintenance',
  Mail = 'mail',
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
  FailedMaintenanceCleanup = 'maintenance.failed_cleanup',
  PriorityOverridden = 'consultation.priority_overridden',
  RetentionPurge = 'maintenance.retention_purge',
  MailSend = 'mail.send',
  MailSweep = 'mail.sweep',
  AccountLinkMail = 'mail.account_link',
}

/** Payloads carry ids only, never case content. */
export interface JobPayloads {
  [JobName.ConsultationSubmitted]: { consultationId: string };
  [JobName.SlaWarning]: { consultationId: string; dueAt: string };
  [JobName.SlaBreach]: { consultationId: string; dueAt: string; round: number };
  [JobName.AutoAssign]: { consultationId: string };
  [JobName.NotificationCreate]: {
    consultationId: string;
    event: string;
    /** Told in the app. */
    recipientIds?: string[];
    /** Of those, the ones also told by email (when email is on); absent: all of them. */
    mailRecipientIds?: string[];
    /** Every active supervisor is told too, in the app and by email (e.g. a message on an unassigned request). */
    supervisors?: boolean;
  };
  [JobName.SweepSubmitted]: Record<string, never>;
  [JobName.AuditCheckpoint]: Record<string, never>;
  [JobName.OutboxCleanup]: Record<string, never>;
  [JobName.IdempotencyKeyPurge]: Record<string, never>;
  [JobName.FailedMaintenanceCleanup]: Record<string, never>;
  [JobName.PriorityOverridden]: { consultationId: string };
  [JobName.RetentionPurge]: Record<string, never>;
  [JobName.MailSend]: { deliveryId: string };
  [JobName.MailSweep]: Record<string, never>;
  /** An invitation's or password reset's link: its mail is queued (never the token: docs/accounts.md). */
  [JobName.AccountLinkMail]: { accountLinkId: string };
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
  [JobName.FailedMaintenanceCleanup]: QueueName.Maintenance,
  [JobName.PriorityOverridden]: QueueName.Triage,
  [JobName.RetentionPurge]: QueueName.Maintenance,
  [JobName.MailSend]: QueueName.Mail,
  [JobName.MailSweep]: QueueName.Mail,
  [JobName.AccountLinkMail]: QueueName.Mail,
};
