import type { Priority } from '@app/consultations';
import type { BusinessCalendar } from '@app/platform';

export interface SlaTarget {
  minutes: number;
  /** true: count only the team's opening hours; false: count wall time around the clock. */
  businessHours: boolean;
}

export type SlaTargets = Record<Priority, SlaTarget>;

/**
 * First-response targets. Critical runs around the clock because someone may be in danger now;
 * the others follow the team's opening hours. `normal` is one business day and `low` three, as
 * minutes of the default 08:00-17:00 day (9 h): change them together with the opening hours.
 */
export const DEFAULT_SLA_TARGETS: SlaTargets = {
  critical: { minutes: 60, businessHours: false },
  high: { minutes: 4 * 60, businessHours: true },
  normal: { minutes: 9 * 60, businessHours: true },
  low: { minutes: 3 * 9 * 60, businessHours: true },
};

/** The first-response deadline of a request submitted at `submittedAt` with `priority`. */
export function computeSlaDueAt(
  priority: Priority,
  submittedAt: Date,
  targets: SlaTargets,
  calendar: BusinessCalendar,
): Date {
  const target = targets[priority];
  if (!target) throw new RangeError(`No SLA target for priority: ${priority}`);
  if (!Number.isFinite(target.minutes) || target.minutes < 0) {
    throw new RangeError(`Invalid SLA minutes for ${priority}: ${target.minutes}`);
  }
  if (Number.isNaN(submittedAt.getTime())) throw new RangeError('Invalid submittedAt');
  return target.businessHours
    ? calendar.addBusinessMinutes(submittedAt, target.minutes)
    : new Date(submittedAt.getTime() + target.minutes * 60_000);
}

/**
 * When to warn that a deadline is near: `fraction` of the wall time from submission to deadline.
 * For business-hours targets this point can fall outside opening hours (over a weekend, say);
 * whoever schedules the warning decides whether to deliver it then or at the next opening.
 */
export function warningAt(submittedAt: Date, dueAt: Date, fraction = 0.75): Date {
  const start = submittedAt.getTime();
  const end = dueAt.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError('Invalid date');
  if (end < start) throw new RangeError('dueAt is before submittedAt');
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be within 0..1: ${fraction}`);
  return new Date(start + Math.round((end - start) * fraction));
}
