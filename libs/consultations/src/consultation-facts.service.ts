import { Injectable } from '@nestjs/common';
import {
  AssignmentLoad,
  ConsultationRepository,
  TriageFacts,
} from './consultation/consultation.repository';

/**
 * What the system's own work (libs/triage: triage, escalation, the sweeper, notifications,
 * assignment suggestions) reads of the consultations: facts without case text,
 * nothing decrypted, nothing audited. Callers are jobs or have checked access themselves. Its
 * writes are ConsultationTriageWrites.
 */
@Injectable()
export class ConsultationFacts {
  constructor(private readonly consultations: ConsultationRepository) {}

  /** What triage scores, without case text. Null when unknown. */
  findForTriage(id: string): Promise<TriageFacts | null> {
    return this.consultations.findTriageFacts(id);
  }

  /** `findForTriage` for several requests in one read; unknown ids are left out. */
  findForTriageMany(ids: string[]): Promise<TriageFacts[]> {
    return this.consultations.findTriageFactsMany(ids);
  }

  /** Who to notify about a request (no case text). Null when unknown. */
  participants(
    id: string,
  ): Promise<{ reference: string; requesterId: string; assigneeId: string | null } | null> {
    return this.consultations.findParticipants(id);
  }

  /** Per investigator: open assigned requests and when they were last given one (assignment suggestions). */
  assignmentLoad(investigatorIds: string[]): Promise<AssignmentLoad[]> {
    return this.consultations.assignmentLoad(investigatorIds);
  }

  /**
   * Ids of open requests not scored by the worker more than `olderThanSeconds` after filing (the
   * triage sweeper): still `submitted`, or claimed or assigned before the worker saw them.
   */
  findStaleUnscored(olderThanSeconds: number, limit: number): Promise<string[]> {
    return this.consultations.findStaleUnscored(olderThanSeconds, limit);
  }

  /** Triaged, unassigned requests whose deadline passed more than `graceSeconds` ago (escalation sweep). */
  findOverdueUnassigned(graceSeconds: number, limit: number): Promise<{ id: string; slaDueAt: Date }[]> {
    return this.consultations.findOverdueUnassigned(graceSeconds, limit);
  }
}
