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
