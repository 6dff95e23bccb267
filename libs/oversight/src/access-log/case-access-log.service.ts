import { Injectable } from '@nestjs/common';
import { AuditEventView, AuditReviewService } from '@app/audit';
import { Actor, Page, PageRequest } from '@app/platform';

/** The resource type consultations are recorded under in the audit trail. */
const CONSULTATION_RESOURCE = 'consultation';

/**
 * GET /consultations/:id/access-log: who saw or changed a consultation, newest first, from the
 * trail alone (an id the trail does not know gives an empty page). Looking is itself audited as
 * `audit.read` on the consultation.
 */
@Injectable()
export class CaseAccessLogService {
  constructor(private readonly review: AuditReviewService) {}

  consultationAccessLog(
    actor: Actor,
    consultationId: string,
    page: PageRequest,
  ): Promise<Page<AuditEventView>> {
    return this.review.resourceAccessLog(actor, { type: CONSULTATION_RESOURCE, id: consultationId }, page);
  }
}
