import { BusinessCalendar } from '@app/platform';
import { computeSlaDueAt, DEFAULT_SLA_TARGETS } from '../sla/sla-deadline';
import { slaWarningAt } from '../sla/sla-warning';
import { EscalationPlanInput, planEscalations } from './escalation-plan';

const calendar = new BusinessCalendar();
const at = (iso: string) => new Date(iso);
// Tuesday 3 March 2026, 09:00 Stockholm (08:00Z): inside business hours.
const filed = at('2026-03-03T08:00:00Z');

function input(overrides: Partial<EscalationPlanInput>): EscalationPlanInput {
  const priority = overrides.priority ?? 'high';
  return {
    priority,
    submittedAt: filed,
    dueAt: computeSlaDueAt(priority, filed, DEFAULT_SLA_TARGETS, calendar),
    urgentSince: filed,
    now: filed,
    slaTargets: DEFAULT_SLA_TARGETS,
    calendar,
    warningFraction: 0.75,
    autoAssignAfterMinutes: 10,
    ...overrides,
  };
}

describe('planEscalations', () => {
  it('at triage: warns at 75% of the target, breaches at the deadline, no auto-assignment below critical', () => {
    const due = computeSlaDueAt('high', filed, DEFAULT_SLA_TARGETS, calendar);
    expect(planEscalations(input({ priority: 'high' }))).toEqual({
      warnAt: slaWarningAt(DEFAULT_SLA_TARGETS.high, filed, due, calendar, 0.75),
      breachAt: due,
      autoAssignAt: null,
    });
  });

  it('at triage of a critical request: auto-assigns ten minutes after filing', () => {
    const plan = planEscalations(input({ priority: 'critical' }));
    expect(plan).toEqual({
      warnAt: at('2026-03-03T08:45:00Z'),
      breachAt: at('2026-03-03T09:00:00Z'),
      autoAssignAt: at('2026-03-03T08:10:00Z'),
    });
  });

  it('raised to critical later: the deadline counts from filing, the auto-assignment from the raise', () => {
    const raised = at('2026-03-03T08:30:00Z');
    const plan = planEscalations(input({ priority: 'critical', urgentSince: raised, now: raised }));
    expect(plan.breachAt).toEqual(at('2026-03-03T09:00:00Z'));
    expect(plan.warnAt).toEqual(at('2026-03-03T08:45:00Z'));
    expect(plan.autoAssignAt).toEqual(at('2026-03-03T08:40:00Z'));
  });

  it('skips the warning of a deadline that has already passed, and breaches at once', () => {
    const raised = at('2026-03-03T10:00:00Z'); // an hour after the critical deadline
    const plan = planEscalations(input({ priority: 'critical', urgentSince: raised, now: raised }));
    expect(plan.warnAt).toBeNull();
    expect(plan.breachAt).toEqual(at('2026-03-03T09:00:00Z'));
    expect(plan.autoAssignAt).toEqual(at('2026-03-03T10:10:00Z'));
  });

  it('warns at once when the raise comes after the warning time but before the deadline', () => {
    const raised = at('2026-03-03T08:50:00Z');
    const plan = planEscalations(input({ priority: 'critical', urgentSince: raised, now: raised }));
    expect(plan.warnAt).toEqual(at('2026-03-03T08:45:00Z')); // in the past: the job runs at once
    expect(plan.breachAt.getTime()).toBeGreaterThan(raised.getTime());
  });
});
