import { Module } from '@nestjs/common';
import { ConsultationsModule } from '@app/consultations';
import { LegalHoldController } from './legal-hold.controller';
import { RetentionController } from './retention.controller';

/** Legal holds and the upcoming-purge list (docs/retention.md). */
@Module({
  imports: [ConsultationsModule],
  controllers: [LegalHoldController, RetentionController],
})
export class RetentionApiModule {}
