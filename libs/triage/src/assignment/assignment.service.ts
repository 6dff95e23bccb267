import { Injectable } from '@nestjs/common';
import { ConsultationFacts } from '@app/consultations';
import { chooseAssignee } from './assignee-choice';
import { AvailabilityService } from '@app/staffing';

/** Suggests who should take a request: the least-loaded on-duty investigator (assignee-choice.ts). */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly consultations: ConsultationFacts,
  ) {}

  /** Null when nobody is on duty. Pass `onDutyIds` when the caller already has them. */
  async suggestAssignee(onDutyIds?: string[]): Promise<string | null> {
    const candidates = onDutyIds ?? (await this.availability.onDutyInvestigatorIds());
    if (candidates.length === 0) return null;
    return chooseAssignee(await this.consultations.assignmentLoad(candidates));
  }
}
