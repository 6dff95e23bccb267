import fc from 'fast-check';
import { PRIORITIES } from '@app/consultations';
import { BusinessCalendar } from '@app/platform';
import { computeSlaDueAt, DEFAULT_SLA_TARGETS, SlaTargets, warningAt } from './sla-deadline';

const calendar = new BusinessCalendar();
const at = (iso: string) => new Date(iso);

describe('DEFAULT_SLA_TARGETS', () => {
  it('gives critical an hour around the clock and the others business-hour budgets', () => {
    expect(DEFAULT_SLA_TARGETS).toEqual({
      critical: { minutes: 60, businessHours: false },
      high: { minutes: 240, businessHours: true },
      normal: { minutes: 540, businessHours: true },
      low: { minutes: 1620, businessHours: true },
    });
  });
});

describe('computeSlaDueAt', () => {
  it.each([
    ['critical at night counts wall time', 'critical', '2026-12-24T23:45+01:00', '2026-12-24T23:45:00.000Z'],
    [
      'critical over the spring-forward hour is 60 real minutes',
      'critical',
      '2026-03-29T01:30+01:00',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'high on Friday afternoon continues on Monday (after DST)',
      'high',
      '2026-03-27T15:00+01:00',
      '2026-03-30T08:00:00.000Z',
    ],
    [
      'normal is the same time next business day',
      'normal',
      '2026-03-10T10:30+01:00',
      '2026-03-11T09:30:00.000Z',
    ],
    [
      'normal from a Saturday ends Monday at closing',
      'normal',
      '2026-03-14T10:00+01:00',
      '2026-03-16T16:00:00.000Z',
    ],
    ['low over Christmas skips 24-27 December', 'low', '2026-12-23T16:00+01:00', '2026-12-30T15:00:00.000Z'],
  ] as const)('%s', (_case, priority, submitted, expected) => {
    expect(computeSlaDueAt(priority, at(submitted), DEFAULT_SLA_TARGETS, calendar).toISOString()).toBe(
      expected,
    );
  });

  it('uses the targets it is given', () => {
    const targets: SlaTargets = { ...DEFAULT_SLA_TARGETS, critical: { minutes: 30, businessHours: true } };
    // Saturday: a business-hours critical target would wait for Monday's opening
    expect(computeSlaDueAt('critical', at('2026-03-14T10:00+01:00'), targets, calendar).toISOString()).toBe(
      '2026-03-16T07:30:00.000Z',
    );
  });

  it('refuses an invalid submission time or target', () => {
    expect(() => computeSlaDueAt('high', new Date('x'), DEFAULT_SLA_TARGETS, calendar)).toThrow(RangeError);
    const broken: SlaTargets = { ...DEFAULT_SLA_TARGETS, low: { minutes: -5, businessHours: false } };
    expect(() => computeSlaDueAt('low', at('2026-03-10T10:00Z'), broken, calendar)).toThrow(RangeError);
  });

  it('never gives a more urgent priority a later deadline', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2025-01-01T00:00Z'),
          max: new Date('2028-12-31T00:00Z'),
          noInvalidDate: true,
        }),
        (submitted) => {
          const dues = PRIORITIES.map((p) =>
            computeSlaDueAt(p, submitted, DEFAULT_SLA_TARGETS, calendar).getTime(),
          );
          for (let i = 1; i < dues.length; i++) expect(dues[i - 1]).toBeLessThanOrEqual(dues[i]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('warningAt', () => {
  it('warns after 75% of the wall time by default', () => {
    expect(warningAt(at('2026-03-10T10:00Z'), at('2026-03-10T14:00Z')).toISOString()).toBe(
      '2026-03-10T13:00:00.000Z',
    );
  });

  it('accepts another fraction, including the ends of the range', () => {
    const submitted = at('2026-03-10T10:00Z');
    const due = at('2026-03-10T14:00Z');
    expect(warningAt(submitted, due, 0.5).toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(warningAt(submitted, due, 0).toISOString()).toBe('2026-03-10T10:00:00.000Z');
    expect(warningAt(submitted, due, 1).toISOString()).toBe('2026-03-10T14:00:00.000Z');
  });

  it('measures wall time, so a deadline across a weekend warns during the weekend', () => {
    const submitted = at('2026-03-27T16:00+01:00');
    const due = computeSlaDueAt('high', submitted, DEFAULT_SLA_TARGETS, calendar);
    expect(due.toISOString()).toBe('2026-03-30T09:00:00.000Z');
    // 66 h between them; 75% is 49.5 h after Friday 15:00Z
    expect(warningAt(submitted, due).toISOString()).toBe('2026-03-29T16:30:00.000Z');
  });

  it.each([
    ['a fraction above 1', '2026-03-10T14:00Z', 1.5],
    ['a negative fraction', '2026-03-10T14:00Z', -0.1],
    ['a NaN fraction', '2026-03-10T14:00Z', Number.NaN],
    ['a deadline before submission', '2026-03-10T09:00Z', 0.75],
  ])('refuses %s', (_case, due, fraction) => {
    expect(() => warningAt(at('2026-03-10T10:00Z'), at(due), fraction)).toThrow(RangeError);
  });
});
