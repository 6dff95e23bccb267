import { Injectable } from '@nestjs/common';
import { AuthenticatedActor, Permission, requirePermission, roleHas } from '@app/identity';
import {
  ConflictError,
  ForbiddenError,
  OutboxService,
  Page,
  PageRequest,
  pageSize,
  toPage,
} from '@app/platform';
import { randomUUID } from 'node:crypto';
import { CaseAccess } from './access/case-access';
import { CaseAudit } from './access/case-audit';
import { CaseRefusal } from './access/case-refusal';
import { CaseTransactions } from './access/case-transactions';
import { ConsultationViewMapper } from './consultation-view.mapper';
import { MessageView } from './consultation/consultation.types';
import { ConsultationMessageRepository } from './messages/consultation-message.repository';
import { decodeCreatedCursor, encodeCreatedCursor } from './pagination/list-keys';
import { CaseKeys } from './keys/case-keys';
import { MESSAGE_BODY } from './privacy/encrypted-fields';
import { identifyingDataRefusal } from './privacy/identifying-data.refusal';
import { isFinishedStatus } from './workflow/consultation-status.machine';
import { consultationJobIds, consultationJobs } from './consultation.jobs';

/** Messages on a request: from the requester and staff, and staff-only internal notes. */
@Injectable()
export class ConsultationMessagesService {
  constructor(
    private readonly transactions: CaseTransactions,
    private readonly access: CaseAccess,
    private readonly audit: CaseAudit,
    private readonly messages: ConsultationMessageRepository,
    private readonly keys: CaseKeys,
    private readonly outbox: OutboxService,
    private readonly views: ConsultationViewMapper,
  ) {}

  /**
   * A message on a request. Internal notes are for staff only and never shown to requesters. In a
   * de-identified request the body is checked for identifying data like the summary.
   */
  async postMessage(
    actor: AuthenticatedActor,
    id: string,
    message: { body: string; internal?: boolean },
  ): Promise<MessageView> {
    requirePermission(actor, Permission.MessageCreate);
    const internal = message.internal === true;
    const record = await this.transactions.run(async (m) => {
      const current = await this.access.open(m, actor, id, 'message.create');
      if (internal && !roleHas(actor.role, Permission.MessageInternal)) {
        // A refused attempt of an authenticated caller is on the case's record (docs/api.md),
        // like a refused priority demotion: access.denied with the consultation as resource.
        throw await this.audit.denied(
          m,
          actor,
          id,
          { attempted: 'message.create', internal: true },
          new ForbiddenError('Only investigators and supervisors may write internal notes.'),
        );
      }
      // A finished case takes no new messages. A supervisor reopening a closed request
      // (closed → in_progress) makes it writable again; a withdrawn one stays finished.
      if (isFinishedStatus(current.status)) {
        throw await this.audit.refused(
          m,
          actor,
          current,
          'message.create',
          new ConflictError(
            `A ${current.status} request takes no new messages; its messages can still be read.`,
            { status: current.status },
          ),
        );
      }
      if (!current.identified) {
        const refusal = identifyingDataRefusal('body', message.body);
        if (refusal) throw new CaseRefusal(refusal);
      }
      const messageId = randomUUID();
      const key = await this.keys.forWriting(m, id, current.wrappedKey);
      const created = await this.messages.insert(m, {
        id: messageId,
        consultationId: id,
        authorId: actor.id,
        authorRole: actor.role,
        bodyCiphertext: this.keys.seal(key, message.body, MESSAGE_BODY, messageId),
        internal,
      });
      // Who should hear of it: the requester and the investigator holding the request, never the
      // author, and never the requester for an internal note; every supervisor when the requester
      // writes on a request nobody holds. By email only the other side of the case: the requester
      // of a staff message, the holder (or the supervisors) of a requester's message; an internal
      // note is never mailed.
      const recipientIds = [current.requesterId, current.assigneeId].filter(
        (userId): userId is string =>
          userId !== null && userId !== actor.id && !(internal && userId === current.requesterId),
      );
      const fromRequester = actor.id === current.requesterId;
      const supervisors = fromRequester && current.assigneeId === null;
      const mailRecipientIds = internal
        ? []
        : recipientIds.filter((userId) =>
            fromRequester ? userId !== current.requesterId : userId === current.requesterId,
          );
      if (recipientIds.length > 0 || supervisors) {
        await this.outbox.enqueue(m, {
          job: consultationJobs.notificationCreate,
          payload: {
            consultationId: id,
            event: 'message.created',
            recipientIds,
            mailRecipientIds,
            ...(supervisors ? { supervisors } : {}),
          },
          jobId: consultationJobIds.message(messageId),
        });
      }
      await this.audit.record(m, actor, {
        action: 'message.create',
        resourceId: id,
        details: { messageId, internal },
      });
      return created;
    });
    return this.views.messageView(record, message.body);
  }

  /** Oldest first; requesters never see internal notes. */
  async listMessages(actor: AuthenticatedActor, id: string, page: PageRequest): Promise<Page<MessageView>> {
    requirePermission(actor, Permission.MessageList);
    const size = pageSize(page.limit);
    const after = page.cursor !== undefined ? decodeCreatedCursor('messages', page.cursor) : undefined;
    const includeInternal = roleHas(actor.role, Permission.MessageInternal);
    return this.transactions.run(async (m) => {
      const current = await this.access.open(m, actor, id, 'message.list');
      const found = await this.messages.listThread(m, id, { includeInternal, after, limit: size + 1 });
      // One unwrap of the request's data key for the whole page, dropped when the call ends.
      const key = this.views.keyOf(current);
      const page = toPage(
        found,
        size,
        (row) => this.views.messageView(row, undefined, key),
        (row) => encodeCreatedCursor('messages', row),
      );
      await this.audit.record(
        m,
        actor,
        {
          action: 'message.list',
          resourceId: id,
          // The status at the read, as consultation.read records it: the access follow-up counts
          // a message read as a read of the case (docs/audit.md).
          details: { status: current.status, count: page.items.length, includeInternal },
        },
        page.items,
      );
      return page;
    });
  }
}
