import { Database } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { ConsultationFacts } from '@app/consultations';
import { AuthenticatedActor, Permission, requirePermission, Role } from '@app/identity';
import { AvailabilityRepository } from '../availability/availability.repository';
import { StaffDirectory } from './staff-directory';

/** An investigator as the person assigning sees them: no case text, only who and how busy. */
export interface InvestigatorEntry {
  id: string;
  displayName: string;
  onDuty: boolean;
  /** Requests assigned to them and not yet closed or withdrawn. */
  openAssigned: number;
}

/** The investigators a supervisor can assign to (GET /investigators). */
@Injectable()
export class InvestigatorDirectoryService {
  constructor(
    private readonly db: Database,
    private readonly directory: StaffDirectory,
    private readonly availability: AvailabilityRepository,
    private readonly consultations: ConsultationFacts,
  ) {}

  /**
   * Every investigator who can log in (not deactivated, invitation accepted): on duty first, then
   * the fewest open requests, then by name, the order in which one would pick. Only those who may
   * assign (supervisors); others are 403.
   */
  async list(actor: AuthenticatedActor): Promise<InvestigatorEntry[]> {
    requirePermission(actor, Permission.ConsultationAssign);
    const people = (await this.directory.active(Role.Investigator)).filter(
      (person) => person.status === 'active',
    );
    const onDuty = new Set(await this.availability.onDutyIds(this.db));
    const loads = new Map(
      (await this.consultations.assignmentLoad(people.map((person) => person.id))).map((load) => [
        load.investigatorId,
        load.openAssigned,
      ]),
    );
    return people
      .map((person) => ({
        id: person.id,
        displayName: person.displayName,
        onDuty: onDuty.has(person.id),
        openAssigned: loads.get(person.id) ?? 0,
      }))
      .sort(
        (a, b) =>
          Number(b.onDuty) - Number(a.onDuty) ||
          a.openAssigned - b.openAssigned ||
          a.displayName.localeCompare(b.displayName, 'sv') ||
          a.id.localeCompare(b.id),
      );
  }
}
