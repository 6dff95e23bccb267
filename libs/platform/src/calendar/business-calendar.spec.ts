import fc from 'fast-check';
import { BusinessCalendar } from './business-calendar';

// Inputs carry explicit offsets and expectations are UTC, so the machine's TZ cannot matter.
const at = (isoWithOffset: string) => new Date(isoWithOffset);
const utc = (d: Date) => d.toISOString();

describe('BusinessCalendar (Europe/Stockholm, Mon-Fri 08-17, Swedish holidays)', () => {
  const calendar = new BusinessCalendar();

  describe('addBusinessMinutes', () => {
    it.each([
      // [case, from (local with offset), minutes, expected UTC]
      ['across spring DST: Fri 16:00 CET + 2h', '2026-03-27T16:00+01:00', 120, '2026-03-30T07:00:00.000Z'],
      ['across autumn DST: Fri 16:00 CEST + 2h', '2026-10-23T16:00+02:00', 120, '2026-10-26T08:00:00.000Z'],
      ['over Christmas: Wed 23 Dec 16:00 + 4h', '2026-12-23T16:00+01:00', 240, '2026-12-28T10:00:00.000Z'],
      ['over Midsummer: Thu 18 Jun 16:00 + 2h', '2026-06-18T16:00+02:00', 120, '2026-06-22T07:00:00.000Z'],
      ['over Easter: Maundy Thu 16:00 + 4h', '2026-04-02T16:00+02:00', 240, '2026-04-07T09:00:00.000Z'],
      ['over New Year into 2027', '2026-12-30T16:00+01:00', 120, '2027-01-04T08:00:00.000Z'],
      ['over Epiphany', '2027-01-05T16:00+01:00', 120, '2027-01-07T08:00:00.000Z'],
      ['from a Saturday', '2026-03-14T12:00+01:00', 60, '2026-03-16T08:00:00.000Z'],
      ['from before opening', '2026-03-10T06:30+01:00', 30, '2026-03-10T07:30:00.000Z'],
      ['from after closing', '2026-03-10T18:00+01:00', 30, '2026-03-11T07:30:00.000Z'],
      ['within the same day', '2026-03-10T09:15+01:00', 100, '2026-03-10T09:55:00.000Z'],
      ['three full days from Monday opening', '2026-03-09T08:00+01:00', 1620, '2026-03-11T16:00:00.000Z'],
    ])('%s', (_case, from, minutes, expected) => {
      expect(utc(calendar.addBusinessMinutes(at(from), minutes))).toBe(expected);
    });

    it.each([
      ['0 minutes at opening stays at opening', '2026-03-10T08:00+01:00', 0, '2026-03-10T07:00:00.000Z'],
      [
        '0 minutes at closing moves to the next opening',
        '2026-03-10T17:00+01:00',
        0,
        '2026-03-11T07:00:00.000Z',
      ],
      [
        'ending exactly at closing keeps the closing time',
        '2026-03-10T16:00+01:00',
        60,
        '2026-03-10T16:00:00.000Z',
      ],
      [
        'one minute past closing rolls to the next day',
        '2026-03-10T16:00+01:00',
        61,
        '2026-03-11T07:01:00.000Z',
      ],
      ['a full day from opening ends at closing', '2026-03-10T08:00+01:00', 540, '2026-03-10T16:00:00.000Z'],
      [
        'a full day from Friday opening ends Friday, not Monday',
        '2026-03-13T08:00+01:00',
        540,
        '2026-03-13T16:00:00.000Z',
      ],
      ['one millisecond before closing', '2026-03-10T16:59:59.999+01:00', 1, '2026-03-11T07:00:59.999Z'],
    ])('boundary: %s', (_case, from, minutes, expected) => {
      expect(utc(calendar.addBusinessMinutes(at(from), minutes))).toBe(expected);
    });

    it('refuses negative or non-finite minutes and invalid dates', () => {
      expect(() => calendar.addBusinessMinutes(at('2026-03-10T08:00+01:00'), -1)).toThrow(RangeError);
      expect(() => calendar.addBusinessMinutes(at('2026-03-10T08:00+01:00'), Number.NaN)).toThrow(RangeError);
      expect(() => calendar.addBusinessMinutes(new Date('nope'), 10)).toThrow(RangeError);
    });

    it('is undone by businessMinutesBetween, and never ends outside opening hours', () => {
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('2025-01-01T00:00Z'),
            max: new Date('2028-12-31T00:00Z'),
            noInvalidDate: true,
          }),
          fc.integer({ min: 1, max: 5000 }),
          (from, minutes) => {
            const due = calendar.addBusinessMinutes(from, minutes);
            expect(calendar.businessMinutesBetween(from, due)).toBe(minutes);
            // the last counted minute was open time
            expect(calendar.isBusinessTime(new Date(due.getTime() - 1))).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('isBusinessTime', () => {
    it.each([
      ['Monday 08:00 CEST, first open instant', '2026-03-30T08:00+02:00', true],
      ['Monday 07:59:59.999', '2026-03-30T07:59:59.999+02:00', false],
      ['Monday 16:59:59.999, last open instant', '2026-03-30T16:59:59.999+02:00', true],
      ['Monday 17:00, closed', '2026-03-30T17:00+02:00', false],
      ['Saturday noon', '2026-03-28T12:00+01:00', false],
      ['Maundy Thursday noon (a workday)', '2026-04-02T12:00+02:00', true],
      ['Good Friday noon', '2026-04-03T12:00+02:00', false],
      ['Midsummer Eve noon', '2026-06-19T12:00+02:00', false],
      ['Christmas Eve noon', '2026-12-24T12:00+01:00', false],
      ['National Day on a Monday (2022)', '2022-06-06T12:00+02:00', false],
    ])('%s → %p', (_case, instant, expected) => {
      expect(calendar.isBusinessTime(at(instant))).toBe(expected);
    });

    it('follows the local offset: 06:30Z is closed in winter time but open in summer time', () => {
      expect(calendar.isBusinessTime(at('2026-03-27T06:30Z'))).toBe(false); // 07:30 CET
      expect(calendar.isBusinessTime(at('2026-03-30T06:30Z'))).toBe(true); // 08:30 CEST
    });
  });

  describe('businessMinutesBetween', () => {
    it('counts open minutes across the DST weekend', () => {
      expect(
        calendar.businessMinutesBetween(at('2026-03-27T16:00+01:00'), at('2026-03-30T09:00+02:00')),
      ).toBe(120);
    });

    it('counts open minutes over Christmas and is negative when reversed', () => {
      const a = at('2026-12-23T16:00+01:00');
      const b = at('2026-12-28T11:00+01:00');
      expect(calendar.businessMinutesBetween(a, b)).toBe(240);
      expect(calendar.businessMinutesBetween(b, a)).toBe(-240);
      expect(calendar.businessMinutesBetween(a, a)).toBe(0);
    });
  });

  describe('wall clock ↔ instant', () => {
    const wall = (y: number, mo: number, d: number, h: number, mi: number) => Date.UTC(y, mo - 1, d, h, mi);

    it('converts ordinary summer and winter times with the offset of that date', () => {
      expect(utc(new Date(calendar.wallClockToInstant(wall(2026, 7, 1, 12, 0))))).toBe(
        '2026-07-01T10:00:00.000Z',
      );
      expect(utc(new Date(calendar.wallClockToInstant(wall(2026, 1, 15, 12, 0))))).toBe(
        '2026-01-15T11:00:00.000Z',
      );
    });

    it('pushes a time skipped by spring-forward past the gap (02:30 → 03:30 CEST)', () => {
      expect(utc(new Date(calendar.wallClockToInstant(wall(2026, 3, 29, 2, 30))))).toBe(
        '2026-03-29T01:30:00.000Z',
      );
    });

    it('takes the first occurrence of a time repeated by fall-back', () => {
      expect(utc(new Date(calendar.wallClockToInstant(wall(2026, 10, 25, 2, 30))))).toBe(
        '2026-10-25T00:30:00.000Z',
      );
    });

    it('reads the wall clock of an instant on both sides of a change', () => {
      expect(calendar.instantToWallClock(Date.parse('2026-10-25T00:30:00Z'))).toBe(wall(2026, 10, 25, 2, 30));
      expect(calendar.instantToWallClock(Date.parse('2026-10-25T01:30:00Z'))).toBe(wall(2026, 10, 25, 2, 30));
    });
  });
});

describe('BusinessCalendar with other configurations', () => {
  it('counts 23 and 25 hour days in a round-the-clock calendar on DST Sundays', () => {
    const always = new BusinessCalendar({
      workdays: [1, 2, 3, 4, 5, 6, 7],
      openMinutes: 0,
      closeMinutes: 1440,
      holidays: () => [],
    });
    expect(always.businessMinutesBetween(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(
      23 * 60,
    );
    expect(always.businessMinutesBetween(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(
      25 * 60,
    );
    expect(utc(always.addBusinessMinutes(at('2026-03-29T01:00+01:00'), 120))).toBe(
      '2026-03-29T02:00:00.000Z',
    );
  });

  it('uses the configured holidays instead of the Swedish ones', () => {
    const noHolidays = new BusinessCalendar({ holidays: () => [] });
    expect(noHolidays.isBusinessTime(at('2026-12-24T12:00+01:00'))).toBe(true);
  });

  it('works in other zones, including half-hour offsets and the southern hemisphere', () => {
    const kolkata = new BusinessCalendar({ timeZone: 'Asia/Kolkata', holidays: () => [] });
    expect(utc(kolkata.addBusinessMinutes(at('2026-03-10T06:00+05:30'), 0))).toBe('2026-03-10T02:30:00.000Z');
    const sydney = new BusinessCalendar({ timeZone: 'Australia/Sydney', holidays: () => [] });
    // DST in Sydney ended on Sunday 5 April 2026: Friday is +11, Monday is +10.
    expect(utc(sydney.addBusinessMinutes(at('2026-04-03T16:00+11:00'), 120))).toBe(
      '2026-04-05T23:00:00.000Z',
    );
    const newYork = new BusinessCalendar({ timeZone: 'America/New_York', holidays: () => [] });
    expect(utc(new Date(newYork.wallClockToInstant(Date.UTC(2026, 2, 8, 2, 30))))).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('honours custom workdays and hours', () => {
    const weekend = new BusinessCalendar({
      workdays: [6, 7],
      openMinutes: 10 * 60,
      closeMinutes: 14 * 60,
      holidays: () => [],
    });
    // Friday noon → Saturday 10:00 + 30 min
    expect(utc(weekend.addBusinessMinutes(at('2026-03-13T12:00+01:00'), 30))).toBe(
      '2026-03-14T09:30:00.000Z',
    );
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }],
    ['no workdays', { workdays: [] }],
    ['a weekday out of range', { workdays: [0, 1] }],
    ['opening after closing', { openMinutes: 17 * 60, closeMinutes: 8 * 60 }],
    ['closing after midnight', { closeMinutes: 1441 }],
  ])('refuses %s', (_case, options) => {
    expect(() => new BusinessCalendar(options)).toThrow(RangeError);
  });

  it('gives up instead of looping when no day is ever open', () => {
    const closed = new BusinessCalendar({ workdays: [1], holidays: (y) => mondaysOf(y) });
    expect(() => closed.addBusinessMinutes(at('2026-03-10T08:00+01:00'), 10)).toThrow(/No business time/);
  });
});

function mondaysOf(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    if (new Date(t).getUTCDay() === 1) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
