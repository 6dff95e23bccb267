import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuditCheckpointsController } from './audit-checkpoints.controller';
import { AuditEventsController } from './audit-events.controller';
import { AuditReportsController } from './audit-reports.controller';
import { ConsultationAccessLogController } from './consultation-access-log.controller';

/** HTTP delivery of the audit trail's review. */
@Module({
  imports: [AuditModule],
  controllers: [
    AuditEventsController,
    AuditCheckpointsController,
    AuditReportsController,
    ConsultationAccessLogController,
  ],
})
export class AuditApiModule {}
