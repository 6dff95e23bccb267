import { isWithinBusinessHours } from './business-hours';

describe('isWithinBusinessHours (Europe/Stockholm, Mon-Fri 08:00-17:00)', () => {
  it.each([
    ['2026-11-27T07:00:00.000Z', true, 'Friday 08:00 CET, the first minute'],
    ['2026-11-27T06:59:59.999Z', false, 'Friday 07:59 CET'],
    ['2026-11-27T15:59:59.999Z', true, 'Friday 16:59 CET'],
    ['2026-11-27T16:00:00.000Z', false, 'Friday 17:00 CET, closed'],
    ['2026-11-28T10:00:00.000Z', false, 'Saturday 11:00 CET'],
    ['2026-11-29T10:00:00.000Z', false, 'Sunday 11:00 CET'],
    ['2026-06-15T06:30:00.000Z', true, 'Monday 08:30 CEST (UTC+2 in summer)'],
    ['2026-06-15T15:30:00.000Z', false, 'Monday 17:30 CEST'],
    ['2026-11-30T06:30:00.000Z', false, 'Monday 07:30 CET (UTC+1 in winter)'],
    ['2026-03-29T07:30:00.000Z', false, 'Sunday of the switch to summer time'],
    ['2026-03-30T06:00:00.000Z', true, 'Monday after the switch, 08:00 CEST'],
  ])('%s is inside business hours: %s (%s)', (iso, expected) => {
    expect(isWithinBusinessHours(new Date(iso))).toBe(expected);
  });
});

describe('isWithinBusinessHours with configured hours', () => {
  const hours = { timeZone: 'Europe/Stockholm', open: '07:30', close: '24:00', days: [1, 2, 3, 4, 5, 6] };

  it('follows the configured days and hours, up to midnight', () => {
    expect(isWithinBusinessHours(new Date('2026-11-28T06:45:00.000Z'), hours)).toBe(true); // Saturday 07:45
    expect(isWithinBusinessHours(new Date('2026-11-27T22:59:00.000Z'), hours)).toBe(true); // Friday 23:59
    expect(isWithinBusinessHours(new Date('2026-11-29T10:00:00.000Z'), hours)).toBe(false); // Sunday
    expect(isWithinBusinessHours(new Date('2026-11-27T06:15:00.000Z'), hours)).toBe(false); // Friday 07:15
  });
});
