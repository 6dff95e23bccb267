import type { Priority } from '@app/consultations';
import type { BusinessCalendar } from '@app/platform';
import type { SlaTargets } from '../sla/sla-deadline';
import { slaWarningAt } from '../sla/sla-warning';

const MINUTE_MS = 60_000;

/** The delayed jobs that watch one deadline of a request nobody has taken yet. */
export interface EscalationPlan {
  /** When supervisors are warned; null when the deadline has already passed (the breach says it). */
  warnAt: Date | null;
  /** Breach round 1: the deadline itself (in the past: at once). */
  breachAt: Date;
  /** Critical only: when an unclaimed request is assigned by the worker. */
  autoAssignAt: Date | null;
}

export interface EscalationPlanInput {
  priority: Priority;
  submittedAt: Date;
  dueAt: Date;
  /**
   * When the request became this urgent: the filing time at triage; the time of a person's
   * override that raised it. The auto-assignment waits its minutes from here, so people get that
   * long to claim a request they have just made critical.
   */
  urgentSince: Date;
  now: Date;
  slaTargets: SlaTargets;
  calendar: BusinessCalendar;
  warningFraction: number;
  autoAssignAfterMinutes: number;
}

/** What to schedule for a deadline (pure; TriageService writes it to the outbox). */
export function planEscalations(input: EscalationPlanInput): EscalationPlan {
  const { priority, submittedAt, dueAt, now } = input;
  const warnAt =
    dueAt.getTime() > now.getTime()
      ? slaWarningAt(input.slaTargets[priority], submittedAt, dueAt, input.calendar, input.warningFraction)
      : null;
  const autoAssignAt =
    priority === 'critical'
      ? new Date(
          Math.max(submittedAt.getTime(), input.urgentSince.getTime()) +
            input.autoAssignAfterMinutes * MINUTE_MS,
        )
      : null;
  return { warnAt, breachAt: dueAt, autoAssignAt };
}
