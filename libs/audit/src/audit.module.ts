import { Global, Module } from '@nestjs/common';
import { AuditCheckpointService } from './checkpoints/audit-checkpoint.service';
import { AuditCheckpointsRepository } from './persistence/audit-checkpoints.repository';
import { AuditEventsRepository } from './persistence/audit-events.repository';
import { AuditRecorder } from './recording/audit-recorder';
import { AuditReviewService } from './review/audit-review.service';
import { AuditVerificationService } from './verification/audit-verification.service';

@Global()
@Module({
  providers: [
    AuditRecorder,
    AuditEventsRepository,
    AuditCheckpointsRepository,
    AuditReviewService,
    AuditVerificationService,
    AuditCheckpointService,
  ],
  exports: [
    AuditRecorder,
    AuditReviewService,
    AuditVerificationService,
    AuditCheckpointService,
  ],
})
export class AuditModule {}
