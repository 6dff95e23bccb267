import { BusinessCalendar } from '@app/platform';
import { computeSlaDueAt, DEFAULT_SLA_TARGETS } from './sla-deadline';
import { slaWarningAt } from './sla-warning';

const calendar = new BusinessCalendar();
const at = (iso: string) => new Date(iso);

function warning(priority: keyof typeof DEFAULT_SLA_TARGETS, submitted: string): { due: Date; warn: Date } {
  const submittedAt = at(submitted);
  const due = computeSlaDueAt(priority, submittedAt, DEFAULT_SLA_TARGETS, calendar);
  return { due, warn: slaWarningAt(DEFAULT_SLA_TARGETS[priority], submittedAt, due, calendar, 0.75) };
}

describe('slaWarningAt', () => {
  it('warns a critical request at 75% of the wall time, also at night', () => {
    // Saturday 02:00 Stockholm (01:00Z): due 03:00 local; warning 45 minutes after filing.
    const { due, warn } = warning('critical', '2026-03-07T01:00:00Z');
    expect(due).toEqual(at('2026-03-07T02:00:00Z'));
    expect(warn).toEqual(at('2026-03-07T01:45:00Z'));
  });

  it('warns a high request after 3 of its 4 business hours', () => {
    // Tuesday 10:00 Stockholm (09:00Z, CET): 3 business hours later is 13:00 local.
    const { due, warn } = warning('high', '2026-03-03T09:00:00Z');
    expect(due).toEqual(at('2026-03-03T13:00:00Z'));
    expect(warn).toEqual(at('2026-03-03T12:00:00Z'));
  });

  it('warns inside business hours when 75% of the wall time would fall on a weekend', () => {
    // Friday 16:00 local, normal (540 business minutes): due Monday 16:00 local. 75% of the wall
    // time would be Sunday; 405 business minutes is Monday 08:00 + 345 min = 13:45 local.
    const { due, warn } = warning('normal', '2026-03-06T15:00:00Z');
    expect(due).toEqual(at('2026-03-09T15:00:00Z'));
    expect(warn).toEqual(at('2026-03-09T12:45:00Z'));
    expect(calendar.isBusinessTime(warn)).toBe(true);
  });

  it('counts from the next opening for a request filed at night', () => {
    // Wednesday 22:00 local, high: counting starts Thursday 08:00; the warning is 11:00 local.
    const { warn } = warning('high', '2026-03-04T21:00:00Z');
    expect(warn).toEqual(at('2026-03-05T10:00:00Z'));
  });

  it('never warns after the deadline', () => {
    const submittedAt = at('2026-03-03T09:00:00Z');
    const due = computeSlaDueAt('high', submittedAt, DEFAULT_SLA_TARGETS, calendar);
    expect(slaWarningAt(DEFAULT_SLA_TARGETS.high, submittedAt, due, calendar, 1)).toEqual(due);
  });

  it('rejects a fraction outside 0..1', () => {
    const t = at('2026-03-03T09:00:00Z');
    expect(() => slaWarningAt(DEFAULT_SLA_TARGETS.high, t, t, calendar, 1.5)).toThrow(RangeError);
  });
});
