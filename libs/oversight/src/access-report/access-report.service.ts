import { Injectable } from '@nestjs/common';
import { AuditRecorder, openReadSnapshot } from '@app/audit';
import { Actor, AppConfig, BusinessCalendar, businessCalendarFrom, ValidationFailedError } from '@app/platform';
import { DataSource } from 'typeorm';
import { ACCESS_REPORT_RULES, AccessReport, AccessReportBuilder } from './access-report';
import { CaseReadsRepository } from './case-reads.repository';

const DAY_MS = 86_400_000;

/**
 * GET /audit-reports/access: the recurring access follow-up ("logguppföljning") for a period,
 * derived from the audit trail alone (docs/audit.md). Running it is audited (`audit.report`).
 */
@Injectable()
export class AccessReportService {
  /** The team's business calendar, the one triage's deadlines use: public holidays are closed. */
  private readonly calendar: BusinessCalendar;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: CaseReadsRepository,
    private readonly recorder: AuditRecorder,
    config: AppConfig,
  ) {
    this.calendar = businessCalendarFrom(config);
  }

  async accessReport(actor: Actor, from: Date, to: Date): Promise<AccessReport> {
    if (from.getTime() >= to.getTime())
      throw new ValidationFailedError([{ field: 'to', message: 'to must be later than from' }]);
    if (to.getTime() - from.getTime() > ACCESS_REPORT_RULES.maxPeriodDays * DAY_MS) {
      throw new ValidationFailedError([
        { field: 'to', message: `the period may span at most ${ACCESS_REPORT_RULES.maxPeriodDays} days` },
      ]);
    }
    const report = await this.build(from, to);
    await this.dataSource.transaction((manager) =>
      this.recorder.record(manager, {
        action: 'audit.report',
        resourceType: 'audit_report',
        actorId: actor.id,
        actorRole: actor.role,
        details: {
          report: 'access',
          from: report.from,
          to: report.to,
          usersFlagged: report.totals.usersFlagged,
        },
      }),
    );
    return report;
  }

  private async build(from: Date, to: Date): Promise<AccessReport> {
    const snapshot = await openReadSnapshot(this.dataSource);
    try {
      const builder = new AccessReportBuilder(from, to, this.calendar);
      for await (const batch of this.reads.streamConsultationReads(
        snapshot.manager,
        from,
        to,
        ACCESS_REPORT_RULES.excludedRoles,
      )) {
        for (const read of batch) builder.add(read);
      }
      const { baselineDays } = ACCESS_REPORT_RULES.unusualVolume;
      const counts = await this.reads.dailyReadCounts(
        builder.candidatesForVolumeCheck(),
        from,
        baselineDays,
        snapshot.manager,
      );
      const baselines = new Map<string, number[]>();
      for (const { actorId, day, reads } of counts) {
        const days = baselines.get(actorId) ?? new Array<number>(baselineDays).fill(0);
        if (day >= 0 && day < baselineDays) days[day] += reads;
        baselines.set(actorId, days);
      }
      return builder.build(baselines);
    } finally {
      await snapshot.close();
    }
  }
}
