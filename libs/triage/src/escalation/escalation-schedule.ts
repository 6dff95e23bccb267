/**
 * The escalation schedule and the job ids that make it deduplicate. Ids are deterministic per
 * request, deadline (its epoch milliseconds) and round, so a re-triage, a redelivered job or a
 * second relay can never schedule a second copy of the same escalation, while a new deadline
 * (a person changed the priority) gets jobs of its own.
 */
export const slaWarningJobId = (consultationId: string, dueAt: Date) =>
  `sla-warning-${consultationId}-${dueAt.getTime()}`;
export const slaBreachJobId = (consultationId: string, dueAt: Date, round: number) =>
  `sla-breach-${consultationId}-${dueAt.getTime()}-${round}`;
export const autoAssignJobId = (consultationId: string, dueAt: Date) =>
  `auto-assign-${consultationId}-${dueAt.getTime()}`;

const MINUTE_MS = 60_000;

/** Breach round `round` (1 = at the deadline) is due at dueAt + (round - 1) intervals. */
export function breachRoundAt(dueAt: Date, round: number, intervalMinutes: number): Date {
  if (!Number.isInteger(round) || round < 1)
    throw new RangeError(`round must be a positive integer: ${round}`);
  if (!(intervalMinutes > 0)) throw new RangeError(`intervalMinutes must be positive: ${intervalMinutes}`);
  return new Date(dueAt.getTime() + (round - 1) * intervalMinutes * MINUTE_MS);
}

/**
 * The round to schedule after `round` was handled at `handledAt`: the first round of the schedule
 * that is still in the future. When a job ran late (Redis was down, say) the missed rounds are
 * skipped rather than fired back to back, so supervisors get one reminder per interval, not a burst.
 */
export function nextBreachRound(
  dueAt: Date,
  round: number,
  handledAt: Date,
  intervalMinutes: number,
): { round: number; runAt: Date } {
  breachRoundAt(dueAt, round, intervalMinutes); // validates
  const elapsed = (handledAt.getTime() - dueAt.getTime()) / (intervalMinutes * MINUTE_MS);
  const next = Math.max(round + 1, Math.floor(elapsed) + 2);
  return { round: next, runAt: breachRoundAt(dueAt, next, intervalMinutes) };
}

/** A sweep number that is the same for every worker within one sweep period. */
export function sweepNumber(at: Date, everySeconds: number): number {
  return Math.floor(at.getTime() / (everySeconds * 1000));
}

/**
 * The latest breach round that should have fired by `now`, allowing `graceMs` for its delayed job
 * to run; 0 when not even round 1 is that overdue. The sweeper compares it with the rounds that did
 * fire, to re-create escalation jobs lost with Redis.
 */
export function overdueBreachRound(dueAt: Date, now: Date, intervalMinutes: number, graceMs: number): number {
  if (!(intervalMinutes > 0)) throw new RangeError(`intervalMinutes must be positive: ${intervalMinutes}`);
  const late = now.getTime() - graceMs - dueAt.getTime();
  if (late < 0) return 0;
  return Math.floor(late / (intervalMinutes * MINUTE_MS)) + 1;
}

/** A sweep's re-creation of a breach round gets an id of its own (see consultationJobIds.submittedSwept). */
export const sweepBreachJobId = (consultationId: string, dueAt: Date, round: number, sweep: number) =>
  `${slaBreachJobId(consultationId, dueAt, round)}-sweep-${sweep}`;

/** Whether an escalation job scheduled for `jobDueAt` still belongs to the request's deadline. */
export function isCurrentDeadline(jobDueAt: string | Date, slaDueAt: Date | string | null): boolean {
  return slaDueAt !== null && new Date(jobDueAt).getTime() === new Date(slaDueAt).getTime();
}

/** A sweep's re-creation of a lost warning (see consultationJobIds.submittedSwept). */
export const sweepWarningJobId = (consultationId: string, dueAt: Date, sweep: number) =>
  `${slaWarningJobId(consultationId, dueAt)}-sweep-${sweep}`;

/**
 * A sweep's re-creation of a lost auto-assignment. It starts like the original id, whose deadline
 * (epoch milliseconds) the sweeper reads back from the outbox.
 */
export const sweepAutoAssignJobId = (consultationId: string, dueAt: Date, sweep: number) =>
  `${autoAssignJobId(consultationId, dueAt)}-sweep-${sweep}`;
