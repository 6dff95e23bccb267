import { BusinessCalendar } from '@app/platform';
import { SlaTarget, warningAt } from './sla-deadline';

/**
 * When supervisors are warned that a deadline is near. For a business-hours target the warning
 * comes after `fraction` of the target's *business* minutes, so it always lands inside opening
 * hours (75% of a normal request filed on Friday afternoon is Monday, not Saturday night, when
 * nobody could act on it). For a target around the clock it is `fraction` of the wall time.
 */
export function slaWarningAt(
  target: SlaTarget,
  submittedAt: Date,
  dueAt: Date,
  calendar: BusinessCalendar,
  fraction: number,
): Date {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be within 0..1: ${fraction}`);
  if (!target.businessHours) return warningAt(submittedAt, dueAt, fraction);
  const warning = calendar.addBusinessMinutes(submittedAt, target.minutes * fraction);
  return warning.getTime() > dueAt.getTime() ? dueAt : warning;
}
