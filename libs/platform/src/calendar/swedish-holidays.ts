export interface NamedHoliday {
  /** ISO date `YYYY-MM-DD` (a calendar date, no time zone). */
  date: string;
  name: string;
  /** Not a public holiday by law, but offices are closed (påskafton, midsommarafton, julafton, nyårsafton). */
  deFacto: boolean;
}

const DAY_MS = 86_400_000;

/** Easter Sunday (Gregorian), by the anonymous Meeus/Jones/Butcher algorithm. Returns UTC midnight. */
export function easterSunday(year: number): Date {
  assertGregorianYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

/** The Swedish public holidays and de-facto non-working days of a year, in date order. */
export function swedishHolidaysNamed(year: number): NamedHoliday[] {
  const easter = easterSunday(year).getTime();
  const fromEaster = (days: number) => new Date(easter + days * DAY_MS);
  const fixed = (month: number, day: number) => new Date(Date.UTC(year, month - 1, day));
  const entries: Array<[Date, string, boolean]> = [
    [fixed(1, 1), 'Nyårsdagen', false],
    [fixed(1, 6), 'Trettondedag jul', false],
    [fromEaster(-2), 'Långfredagen', false],
    [fromEaster(-1), 'Påskafton', true],
    [fromEaster(0), 'Påskdagen', false],
    [fromEaster(1), 'Annandag påsk', false],
    [fixed(5, 1), 'Första maj', false],
    [fromEaster(39), 'Kristi himmelfärdsdag', false],
    [fromEaster(49), 'Pingstdagen', false],
    [fixed(6, 6), 'Sveriges nationaldag', false],
    [weekdayInRange(year, 6, 19, 5), 'Midsommarafton', true],
    [weekdayInRange(year, 6, 20, 6), 'Midsommardagen', false],
    [weekdayInRange(year, 10, 31, 6), 'Alla helgons dag', false],
    [fixed(12, 24), 'Julafton', true],
    [fixed(12, 25), 'Juldagen', false],
    [fixed(12, 26), 'Annandag jul', false],
    [fixed(12, 31), 'Nyårsafton', true],
  ];
  return entries
    .map(([date, name, deFacto]) => ({ date: date.toISOString().slice(0, 10), name, deFacto }))
    .sort((x, y) => x.date.localeCompare(y.date));
}

/**
 * ISO dates (`YYYY-MM-DD`) of the Swedish public holidays and de-facto non-working days, sorted
 * and unique: two holidays can share a date (Kristi himmelfärdsdag fell on 1 May in 2008).
 */
export function swedishPublicHolidays(year: number): string[] {
  return [...new Set(swedishHolidaysNamed(year).map((holiday) => holiday.date))];
}

/**
 * The first date on or after month/day (UTC calendar) that falls on `weekday` (0 = Sunday).
 * The law defines midsommardagen and alla helgons dag as "the Saturday in a seven-day window",
 * so the first match inside the window is the only one.
 */
function weekdayInRange(year: number, month: number, firstDay: number, weekday: number): Date {
  const start = new Date(Date.UTC(year, month - 1, firstDay));
  const offset = (weekday - start.getUTCDay() + 7) % 7;
  return new Date(start.getTime() + offset * DAY_MS);
}

function assertGregorianYear(year: number): void {
  // The algorithm is valid for the Gregorian calendar only; Sweden's holiday rules are recent anyway.
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Unsupported year: ${year}`);
  }
}
