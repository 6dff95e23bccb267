import { QUEUE_STATUSES } from '@app/consultations';
import { BusinessCalendar, minutesToClock } from '@app/platform';

/** The team's hours as the report states them in its rules; public holidays are closed too. */
export interface BusinessHours {
  timeZone: string;
  /** Local `HH:MM`, inclusive. */
  open: string;
  /** Local `HH:MM` (24:00 allowed), exclusive. */
  close: string;
  /** ISO weekdays, 1 = Monday .. 7 = Sunday. */
  days: number[];
}

function businessHoursOf(calendar: BusinessCalendar): BusinessHours {
  return {
    timeZone: calendar.timeZone,
    open: minutesToClock(calendar.openMinutes),
    close: minutesToClock(calendar.closeMinutes),
    days: [...calendar.workdays],
  };
}

/** The rules of the access follow-up (docs/audit.md "Access follow-up"), in one place. */
export const ACCESS_REPORT_RULES = {
  /**
   * What counts as a read of a case: the case itself, and its messages (internal notes included),
   * which are as much case text as the summary. Lists carry no case text and do not count.
   */
  readActions: ['consultation.read', 'message.list'],
  /** Requesters only ever read their own requests; the follow-up is about staff. */
  excludedRoles: ['requester'],
  /** Queue states: a read while the case waits in the open triage queue is part of the job. */
  queueStatuses: QUEUE_STATUSES,
  unusualVolume: { factor: 3, minimumReads: 20, baselineDays: 30 },
  maxPeriodDays: 92,
  /** Ids listed per finding; the count is always complete. */
  maxIdsPerFinding: 500,
} as const;

const DAY_MS = 86_400_000;

/** One successful read of a consultation by staff, with the case's state just before it. */
export interface ConsultationRead {
  eventId: string;
  seq: number;
  occurredAt: Date;
  actorId: string;
  actorRole: string;
  consultationId: string;
  /** From the latest lifecycle event before the read; null when the trail holds none. */
  statusAtRead: string | null;
  assigneeAtRead: string | null;
  createdByReader: boolean;
}

export interface Finding {
  count: number;
  eventIds: string[];
  /** True when more events than `eventIds` lists stand behind `count`. */
  truncated: boolean;
}

export interface UnassignedReadsFinding extends Finding {
  consultationIds: string[];
}

export interface UnusualVolumeFinding extends Finding {
  flagged: boolean;
  baselineDailyMedian: number;
  threshold: number;
}

export interface UserAccessReview {
  actorId: string;
  actorRole: string;
  reads: number;
  readsNotAssignedOrQueued: UnassignedReadsFinding;
  readsOutsideBusinessHours: Finding;
  unusualVolume: UnusualVolumeFinding;
}

export interface AccessReport {
  from: string;
  to: string;
  rules: typeof ACCESS_REPORT_RULES & { businessHours: BusinessHours };
  totals: { reads: number; readers: number; usersFlagged: number };
  users: UserAccessReview[];
}

/** A read is part of the job when the reader held the case, it waited in the queue, or they filed it. */
export function readIsExpected(read: ConsultationRead): boolean {
  return (
    read.assigneeAtRead === read.actorId ||
    (read.statusAtRead !== null &&
      (ACCESS_REPORT_RULES.queueStatuses as readonly string[]).includes(read.statusAtRead)) ||
    read.createdByReader
  );
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Above this many reads in the period, a user's volume is unusual for them. */
export function unusualVolumeThreshold(baselineDailyMedian: number, periodMs: number): number {
  const { factor, minimumReads } = ACCESS_REPORT_RULES.unusualVolume;
  const periodDays = Math.max(1, periodMs / DAY_MS);
  return Math.max(minimumReads, Math.ceil(factor * baselineDailyMedian * periodDays));
}

class IdList {
  count = 0;
  readonly ids: string[] = [];

  add(id: string): void {
    this.count += 1;
    if (this.ids.length < ACCESS_REPORT_RULES.maxIdsPerFinding) this.ids.push(id);
  }

  finding(): Finding {
    return { count: this.count, eventIds: this.ids, truncated: this.count > this.ids.length };
  }
}

interface UserTally {
  actorRole: string;
  all: IdList;
  unexpected: IdList;
  unexpectedCases: Set<string>;
  outsideHours: IdList;
}

/**
 * Builds the report from a stream of reads (in seq order), keeping per user only counts and at
 * most `maxIdsPerFinding` ids per finding, so memory depends on the number of staff, not reads.
 */
export class AccessReportBuilder {
  private readonly users = new Map<string, UserTally>();
  private reads = 0;

  constructor(
    private readonly from: Date,
    private readonly to: Date,
    private readonly calendar: BusinessCalendar = new BusinessCalendar(),
  ) {}

  add(read: ConsultationRead): void {
    this.reads += 1;
    let tally = this.users.get(read.actorId);
    if (!tally) {
      tally = {
        actorRole: read.actorRole,
        all: new IdList(),
        unexpected: new IdList(),
        unexpectedCases: new Set(),
        outsideHours: new IdList(),
      };
      this.users.set(read.actorId, tally);
    }
    tally.actorRole = read.actorRole;
    tally.all.add(read.eventId);
    if (!readIsExpected(read)) {
      tally.unexpected.add(read.eventId);
      if (tally.unexpectedCases.size < ACCESS_REPORT_RULES.maxIdsPerFinding)
        tally.unexpectedCases.add(read.consultationId);
    }
    if (!this.calendar.isBusinessTime(read.occurredAt)) tally.outsideHours.add(read.eventId);
  }

  /** Users whose volume could be unusual at all (above the minimum); only they need a baseline. */
  candidatesForVolumeCheck(): string[] {
    const { minimumReads } = ACCESS_REPORT_RULES.unusualVolume;
    return [...this.users.entries()].filter(([, t]) => t.all.count > minimumReads).map(([id]) => id);
  }

  /** `dailyBaselines`: per user, read counts of each of the baseline days (missing days count 0). */
  build(dailyBaselines: Map<string, number[]>): AccessReport {
    const periodMs = this.to.getTime() - this.from.getTime();
    const { baselineDays } = ACCESS_REPORT_RULES.unusualVolume;
    const users: UserAccessReview[] = [];
    for (const [actorId, tally] of this.users) {
      const days = dailyBaselines.get(actorId) ?? [];
      const baseline = median([...days, ...new Array(Math.max(0, baselineDays - days.length)).fill(0)]);
      const threshold = unusualVolumeThreshold(baseline, periodMs);
      const flagged = tally.all.count > threshold;
      const review: UserAccessReview = {
        actorId,
        actorRole: tally.actorRole,
        reads: tally.all.count,
        readsNotAssignedOrQueued: {
          ...tally.unexpected.finding(),
          consultationIds: [...tally.unexpectedCases],
        },
        readsOutsideBusinessHours: tally.outsideHours.finding(),
        unusualVolume: {
          ...(flagged ? tally.all.finding() : { count: 0, eventIds: [], truncated: false }),
          flagged,
          baselineDailyMedian: baseline,
          threshold,
        },
      };
      if (review.readsNotAssignedOrQueued.count || review.readsOutsideBusinessHours.count || flagged)
        users.push(review);
    }
    users.sort((a, b) => (a.actorId < b.actorId ? -1 : 1));
    return {
      from: this.from.toISOString(),
      to: this.to.toISOString(),
      rules: { ...ACCESS_REPORT_RULES, businessHours: businessHoursOf(this.calendar) },
      totals: { reads: this.reads, readers: this.users.size, usersFlagged: users.length },
      users,
    };
  }
}
