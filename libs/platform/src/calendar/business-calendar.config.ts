import { AppConfig } from '../config/app-config.service';
import { BusinessCalendar } from './business-calendar';

/** `HH:MM` (00:00..24:00) as minutes after local midnight. */
export function clockToMinutes(clock: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!match) throw new RangeError(`Invalid clock time: ${clock}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 24 * 60) throw new RangeError(`Invalid clock time: ${clock}`);
  return minutes;
}

/** Minutes after local midnight as `HH:MM` (1440 is `24:00`). */
export function minutesToClock(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * The team's one business calendar (BUSINESS_HOURS_TIME_ZONE, BUSINESS_HOURS_OPEN/CLOSE,
 * BUSINESS_DAYS, closed on Swedish public holidays): triage's deadlines and oversight's
 * "outside business hours" both read it, so they can never disagree about when the team is open.
 */
export function businessCalendarFrom(config: AppConfig): BusinessCalendar {
  return new BusinessCalendar({
    timeZone: config.get('BUSINESS_HOURS_TIME_ZONE'),
    workdays: config.get('BUSINESS_DAYS').split(',').map(Number),
    openMinutes: clockToMinutes(config.get('BUSINESS_HOURS_OPEN')),
    closeMinutes: clockToMinutes(config.get('BUSINESS_HOURS_CLOSE')),
  });
}
