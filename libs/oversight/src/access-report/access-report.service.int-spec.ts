import { ValidationFailedError } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { AuditTestDb, createAuditTestDb, RawEvent } from '@app/audit/testing/audit-test-db';
import { AccessReportService } from './access-report.service';
import { CaseReadsRepository } from './case-reads.repository';

const at = (iso: string) => new Date(iso);
const id = () => randomUUID();

/**
 * One week of a small unit, written into the trail with chosen times (Stockholm is UTC+1 in November;
 * 2026-11-02 is a Monday). Each read's expected finding is named where it is written.
 */
describe('AccessReportService', () => {
  let db: AuditTestDb;
  let service: AccessReportService;
  const [anna, bo, sara, vera, wilma, requester, supervisorReviewer] = [
    id(),
    id(),
    id(),
    id(),
    id(),
    id(),
    id(),
  ];
  const [c1, c2, c3, c4, c5] = [id(), id(), id(), id(), id()];
  const expected = {
    annaOutside: [] as string[],
    boUnexpected: [] as string[],
    saraBoth: [] as string[],
    veraReads: [] as string[],
  };
  const from = at('2026-11-02T00:00:00.000Z');
  const to = at('2026-11-09T00:00:00.000Z');

  beforeAll(async () => {
    db = await createAuditTestDb('accessreport');
    service = new AccessReportService(db.dataSource, new CaseReadsRepository(db.dataSource), db.recorder, db.config());
    const read = (
      actorId: string,
      resourceId: string,
      iso: string,
      actorRole = 'investigator',
    ): RawEvent => ({
      occurredAt: at(iso),
      actorId,
      actorRole,
      action: 'consultation.read',
      resourceType: 'consultation',
      resourceId,
    });

    // Baseline: the 30 days before the period. Vera reads 2 a day, Wilma 10 a day.
    const baseline: RawEvent[] = [];
    for (let day = 30; day >= 1; day--) {
      const t = new Date(from.getTime() - day * 86_400_000 + 9 * 3_600_000).toISOString();
      for (let k = 0; k < 2; k++) baseline.push(read(vera, c5, t));
      for (let k = 0; k < 10; k++) baseline.push(read(wilma, c5, t));
    }
    await db.insertChained(baseline);

    const week: { event: RawEvent; mark?: keyof typeof expected }[] = [
      {
        event: {
          occurredAt: at('2026-11-02T07:55:00Z'),
          actorId: requester,
          actorRole: 'requester',
          action: 'consultation.create',
          resourceType: 'consultation',
          resourceId: c5,
        },
      },
      {
        event: {
          occurredAt: at('2026-11-02T08:00:00Z'),
          actorId: requester,
          actorRole: 'requester',
          action: 'consultation.create',
          resourceType: 'consultation',
          resourceId: c1,
        },
      },
      { event: read(anna, c1, '2026-11-02T08:10:00Z') }, // in the queue: expected
      { event: read(requester, c1, '2026-11-02T08:12:00Z', 'requester') }, // requesters are not followed up
      {
        event: {
          occurredAt: at('2026-11-02T08:20:00Z'),
          actorId: anna,
          action: 'consultation.claim',
          resourceType: 'consultation',
          resourceId: c1,
          details: { assigneeId: anna },
        },
      },
      { event: read(anna, c1, '2026-11-02T08:30:00Z') }, // her case: expected
      { event: read(bo, c1, '2026-11-02T08:40:00Z'), mark: 'boUnexpected' }, // Anna's case
      {
        event: {
          occurredAt: at('2026-11-02T09:00:00Z'),
          actorId: requester,
          actorRole: 'requester',
          action: 'consultation.create',
          resourceType: 'consultation',
          resourceId: c2,
        },
      },
      {
        event: {
          occurredAt: at('2026-11-02T09:01:00Z'),
          actorId: null,
          actorRole: 'system',
          action: 'consultation.transition',
          resourceType: 'consultation',
          resourceId: c2,
          details: { from: 'submitted', to: 'triaged' },
        },
      },
      { event: read(bo, c2, '2026-11-02T09:05:00Z') }, // triaged, in the queue: expected
      {
        event: {
          occurredAt: at('2026-11-02T09:10:00Z'),
          actorId: supervisorReviewer,
          actorRole: 'supervisor',
          action: 'consultation.assign',
          resourceType: 'consultation',
          resourceId: c2,
          details: { assigneeId: anna },
        },
      },
      { event: read(bo, c2, '2026-11-02T09:15:00Z'), mark: 'boUnexpected' }, // now Anna's
      { event: read(anna, c2, '2026-11-02T09:20:00Z') },
      {
        event: {
          occurredAt: at('2026-11-02T10:00:00Z'),
          actorId: anna,
          action: 'consultation.transition',
          resourceType: 'consultation',
          resourceId: c1,
          details: { from: 'in_progress', to: 'closed' },
        },
      },
      { event: read(anna, c1, '2026-11-02T11:00:00Z') }, // closed but hers: expected
      { event: read(anna, c2, '2026-11-02T19:00:00Z'), mark: 'annaOutside' }, // 20:00 in Stockholm
      { event: read(bo, c3, '2026-11-03T09:00:00Z'), mark: 'boUnexpected' }, // no history at all
      { event: { ...read(bo, c4, '2026-11-03T09:10:00Z'), details: { status: 'triaged' } } }, // no history, but the read saw it queued
      {
        event: {
          ...read(bo, c1, '2026-11-03T09:20:00Z'),
          action: 'message.list',
          details: { status: 'assigned', includeInternal: true },
        },
        mark: 'boUnexpected',
      }, // Anna's thread and notes: a read of her case
      {
        event: {
          occurredAt: at('2026-11-03T09:25:00Z'),
          actorId: bo,
          actorRole: 'investigator',
          action: 'consultation.list',
          resourceType: 'consultation',
          details: { count: 20 },
        },
      }, // a list: no case text, not a read
      { event: { ...read(bo, c1, '2026-11-03T09:30:00Z'), outcome: 'denied' } }, // refused: not a read
      ...Array.from({ length: 50 }, (_, k) => ({
        event: read(vera, c5, `2026-11-04T09:${String(k).padStart(2, '0')}:00Z`),
        mark: 'veraReads' as const,
      })),
      ...Array.from({ length: 50 }, (_, k) => ({
        event: read(wilma, c5, `2026-11-04T10:${String(k).padStart(2, '0')}:00Z`),
      })),
      { event: read(sara, c2, '2026-11-07T10:00:00Z', 'supervisor'), mark: 'saraBoth' }, // Saturday, Anna's case
      { event: read(anna, c2, '2026-11-09T08:00:00Z') }, // after the period
    ];
    const ids = await db.insertChained(week.map((w) => w.event));
    week.forEach((w, i) => w.mark && expected[w.mark].push(ids[i].id));
  });
  afterAll(() => db.close());

  it('flags, per user, reads of cases neither theirs nor in the queue, reads out of hours and unusual volumes, with the events behind each', async () => {
    const report = await service.accessReport({ id: supervisorReviewer, role: 'supervisor' }, from, to);
    const byUser = Object.fromEntries(report.users.map((u) => [u.actorId, u]));
    expect(Object.keys(byUser).sort()).toEqual([anna, bo, sara, vera].sort());

    expect(byUser[bo].readsNotAssignedOrQueued).toMatchObject({
      count: 4,
      eventIds: expected.boUnexpected,
      truncated: false,
    });
    expect(byUser[bo].readsNotAssignedOrQueued.consultationIds.sort()).toEqual([c1, c2, c3].sort());
    expect(byUser[bo].readsOutsideBusinessHours.count).toBe(0);

    expect(byUser[anna].readsNotAssignedOrQueued.count).toBe(0);
    expect(byUser[anna].readsOutsideBusinessHours).toMatchObject({
      count: 1,
      eventIds: expected.annaOutside,
    });
    expect(byUser[anna].reads).toBe(5);

    expect(byUser[sara]).toMatchObject({
      actorRole: 'supervisor',
      readsNotAssignedOrQueued: { count: 1, eventIds: expected.saraBoth },
      readsOutsideBusinessHours: { count: 1, eventIds: expected.saraBoth },
    });

    expect(byUser[vera].unusualVolume).toMatchObject({
      flagged: true,
      baselineDailyMedian: 2,
      threshold: 42,
      count: 50,
      eventIds: expected.veraReads,
    });
    expect(byUser[anna].unusualVolume.flagged).toBe(false);
    expect(report.totals).toEqual({ reads: 5 + 6 + 1 + 50 + 50, readers: 5, usersFlagged: 4 });
  });

  it('records that the report was run', async () => {
    await service.accessReport({ id: supervisorReviewer, role: 'supervisor' }, from, to);
    const [last] = await db.events.findNewestFirst({}, null, 1);
    expect(last).toMatchObject({
      action: 'audit.report',
      actorId: supervisorReviewer,
      details: { report: 'access', usersFlagged: 4 },
    });
  });

  it('refuses an empty, inverted or over-long period', async () => {
    const actor = { id: supervisorReviewer, role: 'supervisor' };
    await expect(service.accessReport(actor, to, from)).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(service.accessReport(actor, from, from)).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(
      service.accessReport(actor, from, new Date(from.getTime() + 93 * 86_400_000)),
    ).rejects.toBeInstanceOf(ValidationFailedError);
  });
});
