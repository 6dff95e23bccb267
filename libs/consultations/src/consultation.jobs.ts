import { defineJob, QueueName } from '@app/platform';

/** notification.create: another feature's event the notifications lib turns into notifications. */
export interface NotificationCreatePayload {
  consultationId: string;
  event: string;
  /** Told in the app. */
  recipientIds?: string[];
  /** Of those, the ones also told by email (when email is on); absent: all of them. */
  mailRecipientIds?: string[];
  /** Every active supervisor is told too, in the app and by email (e.g. a message on an unassigned request). */
  supervisors?: boolean;
}

/**
 * The jobs consultations publishes through the outbox (payloads carry ids only, never case
 * content). Their names are persisted in Redis and outbox rows: never rename one.
 */
export const consultationJobs = {
  /** A new request, for triage (the worker runs it with triage's services). */
  submitted: defineJob<{ consultationId: string }>(QueueName.Triage, 'consultation.submitted'),
  /** A person set the priority: triage reschedules the deadline and its escalations. */
  priorityOverridden: defineJob<{ consultationId: string }>(
    QueueName.Triage,
    'consultation.priority_overridden',
  ),
  /** Published here, turned into notifications by the notifications lib (which sits above consultations). */
  notificationCreate: defineJob<NotificationCreatePayload>(QueueName.Notification, 'notification.create'),
  /** The worker's repeatable purge of the requests whose retention is up (docs/retention.md). */
  retentionPurge: defineJob<Record<string, never>>(QueueName.Maintenance, 'maintenance.retention_purge'),
};

/**
 * The ids of the jobs consultations publishes through the outbox, which the worker runs with
 * triage's services. An id is deterministic per logical job, so a second publish of the same job
 * (a redelivery, a second relay) deduplicates in Bull. The publisher here and triage's sweeper,
 * which republishes what Redis lost, build them with these functions, never by hand.
 */
export const consultationJobIds = {
  /** consultation.submitted: triage of a new request. */
  submitted: (consultationId: string) => `triage-${consultationId}`,
  /** The sweeper's republish needs an id of its own: Bull keeps the first (completed or failed) job a day. */
  submittedSwept: (consultationId: string, sweep: number) => `triage-${consultationId}-sweep-${sweep}`,
  /** notification.create for a new message. */
  message: (messageId: string) => `message-${messageId}`,
  /** notification.create for an assignment: one per version of the request. */
  assigned: (consultationId: string, version: number) => `assigned-${consultationId}-${version}`,
  /** consultation.priority_overridden: one per version of the request. */
  priorityOverridden: (consultationId: string, version: number) =>
    `priority-overridden-${consultationId}-${version}`,
};
