import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { UserDirectoryModule } from '@app/identity';
import { configProvider, fieldCipherProvider, PlatformModule } from '@app/platform';
import { ImmediateDangerAdviceProvider } from './advice/immediate-danger-advice';
import { CaseAccess } from './access/case-access';
import { CaseAudit } from './access/case-audit';
import { CaseTransactions } from './access/case-transactions';
import { ConsultationIntakeService } from './consultation-intake.service';
import { ConsultationMessagesService } from './consultation-messages.service';
import { ConsultationReadingService } from './consultation-reading.service';
import { ConsultationTriageSupportService } from './consultation-triage-support.service';
import { ConsultationViewMapper } from './consultation-view.mapper';
import { ConsultationWorkflowService } from './consultation-workflow.service';
import { CONSULTATIONS_ENTITIES } from './consultations.entities';
import { ConsultationRepository } from './consultation/consultation.repository';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { IntakeRateRepository } from './intake-limit/intake-rate.repository';
import { CaseKeys } from './keys/case-keys';
import { ConsultationRetentionService } from './retention/consultation-retention.service';
import { ConsultationStatisticsService } from './statistics/consultation-statistics.service';
import { RetentionRepository } from './retention/retention.repository';
import { ConsultationMessageRepository } from './messages/consultation-message.repository';
import { ConsultationsConfig, consultationsConfig } from './consultations.config';

/**
 * The consultation aggregate. Needs the platform (config, database, outbox, request context),
 * AuditModule and, through UserDirectoryModule, account lookups. Other features use the exported
 * services only, never the repositories: intake, reading, workflow and messages for the API;
 * triage support (facts without case text, the system's own changes) for libs/triage;
 * statistics for libs/oversight.
 */
@Module({
  imports: [
    PlatformModule,
    TypeOrmModule.forFeature(CONSULTATIONS_ENTITIES),
    AuditModule,
    UserDirectoryModule,
  ],
  providers: [
    configProvider(ConsultationsConfig, consultationsConfig),
    ConsultationRepository,
    ConsultationMessageRepository,
    IdempotencyKeyRepository,
    IntakeRateRepository,
    ImmediateDangerAdviceProvider,
    fieldCipherProvider,
    CaseKeys,
    RetentionRepository,
    CaseTransactions,
    CaseAudit,
    CaseAccess,
    ConsultationViewMapper,
    ConsultationIntakeService,
    ConsultationReadingService,
    ConsultationWorkflowService,
    ConsultationMessagesService,
    ConsultationTriageSupportService,
    ConsultationRetentionService,
    ConsultationStatisticsService,
  ],
  exports: [
    ConsultationsConfig,
    ConsultationRetentionService,
    ConsultationIntakeService,
    ConsultationReadingService,
    ConsultationWorkflowService,
    ConsultationMessagesService,
    ConsultationTriageSupportService,
    ConsultationStatisticsService,
  ],
})
export class ConsultationsModule {}
