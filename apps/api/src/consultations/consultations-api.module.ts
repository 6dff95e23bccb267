import { Module } from '@nestjs/common';
import { ConsultationsModule } from '@app/consultations';
import { ConsultationMessagesController } from './consultation-messages.controller';
import { ConsultationsController } from './consultations.controller';
import { TriageQueueController } from './triage-queue.controller';

@Module({
  imports: [ConsultationsModule],
  controllers: [ConsultationsController, TriageQueueController, ConsultationMessagesController],
})
export class ConsultationsApiModule {}
