import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { ConsultationsModule } from '@app/consultations';
import { MailModule } from '@app/mail';
import { PlatformModule } from '@app/platform';
import { CaseAccessLogService } from './access-log/case-access-log.service';
import { AccessReportService } from './access-report/access-report.service';
import { CaseReadsRepository } from './access-report/case-reads.repository';
import { QueueStatsService } from './queue-stats/queue-stats.service';

/**
 * Oversight, for supervisors: the access follow-up report and a case's access log (read from the
 * audit trail, which records without knowing what a case is) and the queue statistics (from the
 * consultations, the mail queue and the job queues). Sits above audit, consultations and mail;
 * used by the API only.
 */
@Module({
  imports: [PlatformModule, AuditModule, ConsultationsModule, MailModule],
  providers: [CaseReadsRepository, AccessReportService, CaseAccessLogService, QueueStatsService],
  exports: [AccessReportService, CaseAccessLogService, QueueStatsService],
})
export class OversightModule {}
