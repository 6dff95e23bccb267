import { BusinessCalendar } from '@app/platform';
import {
  AccessReportBuilder,
  ConsultationRead,
  median,
  readIsExpected,
  unusualVolumeThreshold,
} from './access-report';

const read = (over: Partial<ConsultationRead>): ConsultationRead => ({
  eventId: 'e',
  seq: 1,
  occurredAt: new Date(),
  actorId: 'a',
  actorRole: 'investigator',
  consultationId: 'c',
  statusAtRead: 'assigned',
  assigneeAtRead: 'someone-else',
  createdByReader: false,
  ...over,
});

describe('access report rules', () => {
  it('expects a read by the assignee, of a queued case, or by its creator; nothing else', () => {
    expect(readIsExpected(read({ assigneeAtRead: 'a' }))).toBe(true);
    expect(readIsExpected(read({ statusAtRead: 'submitted', assigneeAtRead: null }))).toBe(true);
    expect(readIsExpected(read({ statusAtRead: 'triaged', assigneeAtRead: null }))).toBe(true);
    expect(readIsExpected(read({ createdByReader: true }))).toBe(true);
    expect(readIsExpected(read({}))).toBe(false);
    expect(readIsExpected(read({ statusAtRead: null, assigneeAtRead: null }))).toBe(false);
    expect(readIsExpected(read({ statusAtRead: 'closed' }))).toBe(false);
  });

  it('takes the median of daily counts, averaging the middle pair', () => {
    expect(median([])).toBe(0);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('flags above three times the daily median over the period, never below the minimum of 20', () => {
    const day = 86_400_000;
    expect(unusualVolumeThreshold(0, day)).toBe(20);
    expect(unusualVolumeThreshold(10, day)).toBe(30);
    expect(unusualVolumeThreshold(2, 7 * day)).toBe(42);
    expect(unusualVolumeThreshold(10, 3_600_000)).toBe(30); // shorter than a day counts as a day
  });

  it('counts reads on a public holiday as outside business hours, with the calendar triage uses', () => {
    const builder = new AccessReportBuilder(
      new Date('2026-12-21T00:00:00Z'),
      new Date('2026-12-28T00:00:00Z'),
      new BusinessCalendar(),
    );
    builder.add(read({ eventId: 'wednesday', occurredAt: new Date('2026-12-23T09:00:00Z') })); // 10:00 CET
    builder.add(read({ eventId: 'julafton', occurredAt: new Date('2026-12-24T09:00:00Z') })); // Thursday 10:00 CET
    const report = builder.build(new Map());
    expect(report.users[0].readsOutsideBusinessHours).toMatchObject({ count: 1, eventIds: ['julafton'] });
    expect(report.rules.businessHours).toEqual({
      timeZone: 'Europe/Stockholm',
      open: '08:00',
      close: '17:00',
      days: [1, 2, 3, 4, 5],
    });
  });
});
