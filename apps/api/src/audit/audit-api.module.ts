import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { OversightModule } from '@app/oversight';
import { AuditCheckpointsController } from './audit-checkpoints.controller';
import { AuditEventsController } from './audit-events.controller';
import { AuditReportsController } from './audit-reports.controller';
import { ConsultationAccessLogController } from './consultation-access-log.controller';

/**
 * HTTP delivery of the audit trail's review and of the oversight read from it: the access
 * follow-up report and a consultation's access log.
 */
@Module({
  imports: [AuditModule, OversightModule],
  controllers: [
    AuditEventsController,
    AuditCheckpointsController,
    AuditReportsController,
    ConsultationAccessLogController,
  ],
})
export class AuditApiModule {}
