import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ConsultationsModule } from '@app/consultations';
import { UserDirectoryModule } from '@app/identity';
import { AvailabilityRepository } from './availability/availability.repository';
import { AvailabilityService } from './availability/availability.service';
import { InvestigatorDirectoryService } from './directory/investigator-directory.service';
import { StaffDirectory } from './directory/staff-directory';
import { STAFFING_ENTITIES } from './staffing.entities';

/**
 * Staffing: who is on the staff (through identity's user directory), investigators' duty, and the
 * investigator list a supervisor assigns from (duty and open load, the load counted by
 * consultations). Used by triage, notifications and the API (availability, investigators).
 */
@Module({
  imports: [AuditModule, ConsultationsModule, UserDirectoryModule, TypeOrmModule.forFeature(STAFFING_ENTITIES)],
  providers: [StaffDirectory, AvailabilityRepository, AvailabilityService, InvestigatorDirectoryService],
  exports: [StaffDirectory, AvailabilityService, InvestigatorDirectoryService],
})
export class StaffingModule {}
