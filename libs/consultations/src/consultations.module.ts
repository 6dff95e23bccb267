import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@app/identity';
import { AppConfig, PlatformModule } from '@app/platform';
import { ImmediateDangerAdviceProvider } from './advice/immediate-danger-advice';
import { ConsultationEntity } from './consultation/consultation.entity';
import { ConsultationRepository } from './consultation/consultation.repository';
import { ConsultationsService } from './consultations.service';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { ConsultationMessageEntity } from './messages/consultation-message.entity';
import { ConsultationMessageRepository } from './messages/consultation-message.repository';
import { FieldCipher, parseEncryptionKeys } from './privacy/field-cipher';

/**
 * The consultation aggregate. Needs the platform (config, database, outbox, request context),
 * AuditModule and, through IdentityModule, account lookups. Other features use
 * ConsultationsService only, never the repositories.
 */
@Module({
  imports: [
    PlatformModule,
    TypeOrmModule.forFeature([ConsultationEntity, ConsultationMessageEntity]),
    IdentityModule,
  ],
  providers: [
    ConsultationRepository,
    ConsultationMessageRepository,
    IdempotencyKeyRepository,
    ImmediateDangerAdviceProvider,
    {
      provide: FieldCipher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new FieldCipher(parseEncryptionKeys(config.get('ENCRYPTION_KEYS'))),
    },
    ConsultationsService,
  ],
  exports: [ConsultationsService],
})
export class ConsultationsModule {}
