/**
 * Business hours for the access follow-up: Monday to Friday, 08:00 to 17:00 in Europe/Stockholm
 * (daylight saving handled by the time zone database). Deliberately a plain weekday/hours rule:
 * public holidays are not excluded, so a read on e.g. Midsummer Eve morning counts as inside hours.
 * The SLA calendar with Swedish holidays lives in libs/triage, which audit must not import; moving
 * it to platform for this would couple the audit trail to triage policy (docs/audit.md).
 */
export const BUSINESS_HOURS = {
  timeZone: 'Europe/Stockholm',
  days: 'Mon-Fri',
  start: '08:00',
  end: '17:00',
} as const;

const START_MINUTE = 8 * 60;
const END_MINUTE = 17 * 60;
const WEEKEND = new Set(['Sat', 'Sun']);

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: BUSINESS_HOURS.timeZone,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** True from 08:00:00.000 up to but excluding 17:00 local time, Monday to Friday. */
export function isWithinBusinessHours(at: Date): boolean {
  let weekday = '';
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(at)) {
    if (part.type === 'weekday') weekday = part.value;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  const minuteOfDay = hour * 60 + minute;
  return !WEEKEND.has(weekday) && minuteOfDay >= START_MINUTE && minuteOfDay < END_MINUTE;
}
