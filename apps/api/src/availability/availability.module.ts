import { Module } from '@nestjs/common';
import { StaffingModule } from '@app/staffing';
import { AvailabilityController } from './availability.controller';
import { InvestigatorsController } from './investigators.controller';

@Module({ imports: [StaffingModule], controllers: [AvailabilityController, InvestigatorsController] })
export class AvailabilityModule {}
