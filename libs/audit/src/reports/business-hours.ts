/**
 * Business hours for the access follow-up: the team's configured hours (BUSINESS_HOURS_TIME_ZONE,
 * BUSINESS_HOURS_OPEN/CLOSE, BUSINESS_DAYS; by default Monday to Friday, 08:00 to 17:00
 * Europe/Stockholm), the same settings the SLA calendar uses. Deliberately a plain weekday/hours
 * rule: public holidays are not excluded, so a read on e.g. Midsummer Eve morning counts as inside
 * hours. The holiday calendar lives in libs/triage, which audit must not import, and moving it to
 * platform for this would couple the audit trail to triage policy (docs/audit.md).
 */
export interface BusinessHours {
  timeZone: string;
  /** Local `HH:MM`, inclusive. */
  open: string;
  /** Local `HH:MM` (24:00 allowed), exclusive. */
  close: string;
  /** ISO weekdays, 1 = Monday .. 7 = Sunday. */
  days: number[];
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  timeZone: 'Europe/Stockholm',
  open: '08:00',
  close: '17:00',
  days: [1, 2, 3, 4, 5],
};

const ISO_WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True from `open` up to but excluding `close`, local time, on a business day. */
export function isWithinBusinessHours(at: Date, hours: BusinessHours = DEFAULT_BUSINESS_HOURS): boolean {
  let weekday = 0;
  let minuteOfDay = 0;
  for (const part of formatter(hours.timeZone).formatToParts(at)) {
    if (part.type === 'weekday') weekday = ISO_WEEKDAY[part.value] ?? 0;
    else if (part.type === 'hour') minuteOfDay += Number(part.value) * 60;
    else if (part.type === 'minute') minuteOfDay += Number(part.value);
  }
  return (
    hours.days.includes(weekday) && minuteOfDay >= minutes(hours.open) && minuteOfDay < minutes(hours.close)
  );
}
