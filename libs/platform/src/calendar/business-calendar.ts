import { swedishPublicHolidays } from './swedish-holidays';

export interface BusinessCalendarOptions {
  /** IANA time zone the opening hours are expressed in. */
  timeZone?: string;
  /** ISO weekdays that are working days: 1 = Monday .. 7 = Sunday. */
  workdays?: number[];
  /** Opening time as minutes after local midnight. */
  openMinutes?: number;
  /** Closing time as minutes after local midnight (exclusive; at most 24 * 60). */
  closeMinutes?: number;
  /** ISO dates (`YYYY-MM-DD`, local calendar) that are closed although they are workdays. */
  holidays?: (year: number) => string[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A calendar with no open day in ten years is misconfigured; stop instead of looping forever. */
const MAX_DAYS_SEARCHED = 3_660;

/** A local calendar date encoded as the UTC midnight of that date, so day arithmetic is exact. */
type LocalDay = number;

/**
 * Opening hours in one time zone. Every computation goes through instants: each day's opening and
 * closing wall-clock times are converted to UTC with the zone's offset *on that day*, so a DST
 * change never shifts the hours, and an interval spanning one counts the real elapsed minutes.
 */
export class BusinessCalendar {
  readonly timeZone: string;
  readonly workdays: ReadonlySet<number>;
  readonly openMinutes: number;
  readonly closeMinutes: number;
  private readonly holidaySource: (year: number) => string[];
  private readonly holidayCache = new Map<number, ReadonlySet<string>>();
  private readonly formatter: Intl.DateTimeFormat;

  constructor(options: BusinessCalendarOptions = {}) {
    this.timeZone = options.timeZone ?? 'Europe/Stockholm';
    this.workdays = new Set(options.workdays ?? [1, 2, 3, 4, 5]);
    this.openMinutes = options.openMinutes ?? 8 * 60;
    this.closeMinutes = options.closeMinutes ?? 17 * 60;
    this.holidaySource = options.holidays ?? swedishPublicHolidays;
    if (this.workdays.size === 0 || [...this.workdays].some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      throw new RangeError('workdays must be ISO weekdays 1..7, at least one');
    }
    const validMinute = (m: number) => Number.isInteger(m) && m >= 0 && m <= 24 * 60;
    if (
      !validMinute(this.openMinutes) ||
      !validMinute(this.closeMinutes) ||
      this.openMinutes >= this.closeMinutes
    ) {
      throw new RangeError('openMinutes and closeMinutes must be 0..1440 with opening before closing');
    }
    // Throws RangeError for an unknown zone, so a bad configuration fails at construction.
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: this.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  isBusinessTime(at: Date): boolean {
    const t = instant(at);
    const window = this.windowOn(this.localDayOf(t));
    return window !== null && t >= window[0] && t < window[1];
  }

  /** `at` itself when the team is open, otherwise the next opening. */
  nextBusinessTime(at: Date): Date {
    return this.addBusinessMinutes(at, 0);
  }

  /**
   * The instant `minutes` of open time after `from`. Outside opening hours counting starts at the
   * next opening. A total that uses up a day exactly ends at that day's closing time rather than
   * at the next opening: the deadline is then the moment the work had to be done by.
   */
  addBusinessMinutes(from: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Invalid minutes: ${minutes}`);
    let remaining = minutes * MINUTE_MS;
    let cursor = instant(from);
    let day = this.localDayOf(cursor);
    for (let i = 0; i < MAX_DAYS_SEARCHED; i++, day += DAY_MS) {
      const window = this.windowOn(day);
      if (!window) continue;
      const start = Math.max(cursor, window[0]);
      if (start < window[1]) {
        if (remaining <= window[1] - start) return new Date(start + remaining);
        remaining -= window[1] - start;
      }
      cursor = start;
    }
    throw new Error(`No business time within ${MAX_DAYS_SEARCHED} days of ${from.toISOString()}`);
  }

  /** Open minutes in [a, b); negative when b is before a. */
  businessMinutesBetween(a: Date, b: Date): number {
    const from = instant(a);
    const to = instant(b);
    if (to < from) return -this.businessMinutesBetween(b, a);
    let total = 0;
    const lastDay = this.localDayOf(to);
    for (let day = this.localDayOf(from); day <= lastDay; day += DAY_MS) {
      const window = this.windowOn(day);
      if (!window) continue;
      total += Math.max(0, Math.min(to, window[1]) - Math.max(from, window[0]));
    }
    return total / MINUTE_MS;
  }

  /** True when the local date is a workday and not a holiday. */
  private isBusinessDay(day: LocalDay): boolean {
    const date = new Date(day);
    const isoWeekday = ((date.getUTCDay() + 6) % 7) + 1;
    if (!this.workdays.has(isoWeekday)) return false;
    return !this.holidaysOf(date.getUTCFullYear()).has(date.toISOString().slice(0, 10));
  }

  /** Opening and closing instants (epoch ms) of a local date, or null when closed all day. */
  private windowOn(day: LocalDay): [number, number] | null {
    if (!this.isBusinessDay(day)) return null;
    return [
      this.wallClockToInstant(day + this.openMinutes * MINUTE_MS),
      this.wallClockToInstant(day + this.closeMinutes * MINUTE_MS),
    ];
  }

  private holidaysOf(year: number): ReadonlySet<string> {
    let set = this.holidayCache.get(year);
    if (!set) {
      set = new Set(this.holidaySource(year));
      this.holidayCache.set(year, set);
    }
    return set;
  }

  private localDayOf(t: number): LocalDay {
    const wall = this.instantToWallClock(t);
    return wall - mod(wall, DAY_MS);
  }

  /** The local wall-clock reading of an instant, encoded as if it were UTC (epoch ms). */
  instantToWallClock(t: number): number {
    const parts: Record<string, number> = {};
    for (const p of this.formatter.formatToParts(new Date(t))) {
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return wall + mod(t, 1000); // Intl has no milliseconds; offsets are whole seconds anyway
  }

  /**
   * The instant at which local clocks read `wall` (encoded as UTC epoch ms). Resolves like
   * Temporal's 'compatible' disambiguation: a time repeated when clocks go back is its first
   * occurrence; a time skipped when clocks go forward is pushed forward by the gap (02:30 on the
   * spring-forward night in Stockholm becomes 03:30 CEST).
   */
  wallClockToInstant(wall: number): number {
    // Offsets a day either side bracket any real transition, which are months apart.
    const offsetBefore = this.offsetAt(wall - DAY_MS);
    const offsetAfter = this.offsetAt(wall + DAY_MS);
    const candidates = [wall - offsetBefore, wall - offsetAfter].filter(
      (t) => this.instantToWallClock(t) === wall,
    );
    if (candidates.length > 0) return Math.min(...candidates);
    return wall - offsetBefore; // in the gap: the pre-transition offset lands after the jump
  }

  private offsetAt(t: number): number {
    return this.instantToWallClock(t) - t;
  }
}

function instant(at: Date): number {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid date');
  return t;
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
