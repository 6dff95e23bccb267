import { Module } from '@nestjs/common';
import { TriageModule } from '@app/triage';
import { AvailabilityController } from './availability.controller';
import { InvestigatorsController } from './investigators.controller';

@Module({ imports: [TriageModule], controllers: [AvailabilityController, InvestigatorsController] })
export class AvailabilityModule {}
