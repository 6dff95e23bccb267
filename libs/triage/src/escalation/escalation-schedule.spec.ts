import {
  autoAssignJobId,
  breachRoundAt,
  isCurrentDeadline,
  nextBreachRound,
  overdueBreachRound,
  slaBreachJobId,
  sweepBreachJobId,
  slaWarningJobId,
  sweepNumber,
} from './escalation-schedule';

const due = new Date('2026-03-02T09:00:00Z');
const at = (iso: string) => new Date(iso);

describe('escalation schedule', () => {
  it('fires the first breach round at the deadline and each next one an interval later', () => {
    expect(breachRoundAt(due, 1, 30)).toEqual(due);
    expect(breachRoundAt(due, 2, 30)).toEqual(at('2026-03-02T09:30:00Z'));
    expect(breachRoundAt(due, 5, 30)).toEqual(at('2026-03-02T11:00:00Z'));
  });

  it('schedules the next round one interval after a round handled on time', () => {
    expect(nextBreachRound(due, 1, at('2026-03-02T09:00:00.200Z'), 30)).toEqual({
      round: 2,
      runAt: at('2026-03-02T09:30:00Z'),
    });
    expect(nextBreachRound(due, 2, at('2026-03-02T09:30:01Z'), 30)).toEqual({
      round: 3,
      runAt: at('2026-03-02T10:00:00Z'),
    });
  });

  it('skips the rounds missed while a job ran late instead of firing them back to back', () => {
    // Round 1 handled 95 minutes late: rounds 2-4 (09:30, 10:00, 10:30) are past; next is 11:00.
    expect(nextBreachRound(due, 1, at('2026-03-02T10:35:00Z'), 30)).toEqual({
      round: 5,
      runAt: at('2026-03-02T11:00:00Z'),
    });
  });

  it('never schedules a round in the past or at the moment it was handled', () => {
    const handled = at('2026-03-02T10:00:00Z'); // exactly when round 3 is due
    const next = nextBreachRound(due, 3, handled, 30);
    expect(next.round).toBe(4);
    expect(next.runAt.getTime()).toBeGreaterThan(handled.getTime());
  });

  it('always moves forward, even for a round handled before its time', () => {
    expect(nextBreachRound(due, 1, at('2026-03-02T08:59:59Z'), 30).round).toBe(2);
  });

  it('rejects rounds below one and intervals that are not positive', () => {
    expect(() => breachRoundAt(due, 0, 30)).toThrow(RangeError);
    expect(() => breachRoundAt(due, 1.5, 30)).toThrow(RangeError);
    expect(() => nextBreachRound(due, 1, due, 0)).toThrow(RangeError);
  });

  it('names jobs deterministically per request, deadline and round', () => {
    const id = '8c0d7f5e-2b1c-4d8e-9f00-000000000001';
    const ms = due.getTime();
    expect(slaWarningJobId(id, due)).toBe(`sla-warning-${id}-${ms}`);
    expect(slaBreachJobId(id, due, 3)).toBe(`sla-breach-${id}-${ms}-3`);
    expect(autoAssignJobId(id, due)).toBe(`auto-assign-${id}-${ms}`);
  });

  it('gives the jobs of another deadline other ids, so a changed deadline is watched again', () => {
    const later = at('2026-03-02T13:00:00Z');
    expect(slaWarningJobId('x', later)).not.toBe(slaWarningJobId('x', due));
    expect(slaBreachJobId('x', later, 1)).not.toBe(slaBreachJobId('x', due, 1));
    expect(autoAssignJobId('x', later)).not.toBe(autoAssignJobId('x', due));
  });

  it('tells a job for the current deadline from one for a deadline the request no longer has', () => {
    expect(isCurrentDeadline(due.toISOString(), new Date(due.getTime()))).toBe(true);
    expect(isCurrentDeadline(due.toISOString(), due.toISOString())).toBe(true);
    expect(isCurrentDeadline(due.toISOString(), at('2026-03-02T09:00:00.001Z'))).toBe(false);
    expect(isCurrentDeadline(due.toISOString(), null)).toBe(false);
  });

  it('gives every worker the same sweep number within a sweep period, and a new one after', () => {
    const a = sweepNumber(at('2026-03-02T09:00:05Z'), 60);
    expect(sweepNumber(at('2026-03-02T09:00:59Z'), 60)).toBe(a);
    expect(sweepNumber(at('2026-03-02T09:01:00Z'), 60)).toBe(a + 1);
  });

  describe('overdueBreachRound (what the sweeper expects to have fired)', () => {
    const grace = 2 * 60_000;

    it('expects nothing before the deadline plus the grace for the job to run', () => {
      expect(overdueBreachRound(due, at('2026-03-02T08:00:00Z'), 30, grace)).toBe(0);
      expect(overdueBreachRound(due, at('2026-03-02T09:01:59Z'), 30, grace)).toBe(0);
    });

    it('expects round 1 once the grace has passed, and one more round per interval', () => {
      expect(overdueBreachRound(due, at('2026-03-02T09:02:00Z'), 30, grace)).toBe(1);
      expect(overdueBreachRound(due, at('2026-03-02T09:31:59Z'), 30, grace)).toBe(1);
      expect(overdueBreachRound(due, at('2026-03-02T09:32:00Z'), 30, grace)).toBe(2);
      expect(overdueBreachRound(due, at('2026-03-02T11:05:00Z'), 30, grace)).toBe(5); // round 5 was due 11:00
    });

    it('agrees with the schedule: the expected round was due at least the grace ago', () => {
      for (const minutes of [3, 29, 31, 60, 95, 600]) {
        const now = new Date(due.getTime() + minutes * 60_000);
        const round = overdueBreachRound(due, now, 30, grace);
        expect(breachRoundAt(due, round, 30).getTime()).toBeLessThanOrEqual(now.getTime() - grace);
        expect(breachRoundAt(due, round + 1, 30).getTime()).toBeGreaterThan(now.getTime() - grace);
      }
    });

    it('gives re-created rounds their own job id per sweep', () => {
      expect(sweepBreachJobId('x', due, 2, 7)).toBe(`sla-breach-x-${due.getTime()}-2-sweep-7`);
    });
  });
});
