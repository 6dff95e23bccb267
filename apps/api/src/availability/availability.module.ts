import { Module } from '@nestjs/common';
import { TriageModule } from '@app/triage';
import { AvailabilityController } from './availability.controller';

@Module({ imports: [TriageModule], controllers: [AvailabilityController] })
export class AvailabilityModule {}
