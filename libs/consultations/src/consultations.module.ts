import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { UserDirectoryModule } from '@app/identity';
import { configProvider, fieldCipherProvider, PlatformModule } from '@app/platform';
import { ImmediateDangerAdviceProvider } from './advice/immediate-danger-advice';
import { CaseAccess } from './access/case-access';
import { CaseAudit } from './access/case-audit';
import { CaseTransactions } from './access/case-transactions';
import { ConsultationFacts } from './consultation-facts.service';
import { ConsultationIntakeService } from './consultation-intake.service';
import { ConsultationMessagesService } from './consultation-messages.service';
import { ConsultationReadingService } from './consultation-reading.service';
import { ConsultationTriageWrites } from './consultation-triage-writes.service';
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
 * for libs/triage, ConsultationFacts (facts without case text) and ConsultationTriageWrites (the
 * system's own changes, in the transaction triage opens and audits); ConsultationStatisticsService
 * for libs/oversight.
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
    ConsultationFacts,
    ConsultationTriageWrites,
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
    ConsultationFacts,
    ConsultationTriageWrites,
    ConsultationStatisticsService,
  ],
})
export class ConsultationsModule {}
