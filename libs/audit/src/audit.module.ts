import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AUDIT_ENTITIES } from './audit.entities';
import { AuditCheckpointService } from './checkpoints/audit-checkpoint.service';
import { AuditCheckpointsRepository } from './persistence/audit-checkpoints.repository';
import { AuditEventsRepository } from './persistence/audit-events.repository';
import { AuditRecorder } from './recording/audit-recorder';
import { AccessReportService } from './reports/access-report.service';
import { AuditReviewService } from './review/audit-review.service';
import { AuditVerificationService } from './verification/audit-verification.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(AUDIT_ENTITIES)],
  providers: [
    AuditRecorder,
    AuditEventsRepository,
    AuditCheckpointsRepository,
    AuditReviewService,
    AuditVerificationService,
    AuditCheckpointService,
    AccessReportService,
  ],
  exports: [
    AuditRecorder,
    AuditReviewService,
    AuditVerificationService,
    AuditCheckpointService,
    AccessReportService,
  ],
})
export class AuditModule {}
