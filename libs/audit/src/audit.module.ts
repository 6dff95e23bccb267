import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AUDIT_ENTITIES } from './audit.entities';
import { configProvider, PlatformModule } from '@app/platform';
import { AuditCheckpointService } from './checkpoints/audit-checkpoint.service';
import { AuditCheckpointsRepository } from './persistence/audit-checkpoints.repository';
import { AuditEventsRepository } from './persistence/audit-events.repository';
import { AuditRecorder } from './recording/audit-recorder';
import { AuditReviewService } from './review/audit-review.service';
import { AuditVerificationService } from './verification/audit-verification.service';
import { AuditConfig, auditConfig } from './audit.config';

/**
 * The audit trail. Every module whose services record or read it imports this module (it is not
 * global: the imports show who depends on the audit).
 */
@Module({
  imports: [PlatformModule, TypeOrmModule.forFeature(AUDIT_ENTITIES)],
  providers: [
    configProvider(AuditConfig, auditConfig),
    AuditRecorder,
    AuditEventsRepository,
    AuditCheckpointsRepository,
    AuditReviewService,
    AuditVerificationService,
    AuditCheckpointService,
  ],
  exports: [
    AuditConfig,
    AuditRecorder,
    AuditReviewService,
    AuditVerificationService,
    AuditCheckpointService,
  ],
})
export class AuditModule {}
