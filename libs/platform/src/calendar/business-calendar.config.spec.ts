import { AppConfig } from '../config/app-config.service';
import { validateEnvironment } from '../config/config-schema';
import { businessCalendarFrom, clockToMinutes, minutesToClock } from './business-calendar.config';

describe('business calendar configuration', () => {
  it('reads opening and closing times as minutes after midnight', () => {
    expect(clockToMinutes('08:00')).toBe(480);
    expect(clockToMinutes('17:30')).toBe(1050);
    expect(clockToMinutes('24:00')).toBe(1440);
  });

  it('rejects clock times that are not HH:MM within a day', () => {
    expect(() => clockToMinutes('8:00')).toThrow(RangeError);
    expect(() => clockToMinutes('24:01')).toThrow(RangeError);
    expect(() => clockToMinutes('12:60')).toThrow(RangeError);
  });

  it('writes minutes after midnight back as HH:MM', () => {
    expect(minutesToClock(480)).toBe('08:00');
    expect(minutesToClock(1050)).toBe('17:30');
    expect(minutesToClock(1440)).toBe('24:00');
  });

  it('builds the calendar from the BUSINESS_* settings, closed on Swedish public holidays', () => {
    const config = new AppConfig(
      validateEnvironment({
        NODE_ENV: 'test',
        BUSINESS_HOURS_OPEN: '07:30',
        BUSINESS_HOURS_CLOSE: '24:00',
        BUSINESS_DAYS: '1,2,3,4,5,6',
      }),
    );
    const calendar = businessCalendarFrom(config);
    expect(calendar.timeZone).toBe('Europe/Stockholm');
    expect([...calendar.workdays]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(calendar.isBusinessTime(new Date('2026-11-28T06:45:00.000Z'))).toBe(true); // Saturday 07:45
    expect(calendar.isBusinessTime(new Date('2026-11-27T22:59:00.000Z'))).toBe(true); // Friday 23:59
    expect(calendar.isBusinessTime(new Date('2026-11-29T10:00:00.000Z'))).toBe(false); // Sunday
    expect(calendar.isBusinessTime(new Date('2026-12-24T10:00:00.000Z'))).toBe(false); // Julafton, a Thursday
  });
});
