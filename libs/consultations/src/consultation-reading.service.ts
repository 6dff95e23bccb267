import { Injectable } from '@nestjs/common';
import { AuthenticatedActor, Permission, requirePermission, UserDirectory } from '@app/identity';
import { Page, PageRequest, pageSize, toPage, Tx } from '@app/platform';
import { CaseAccess } from './access/case-access';
import { CaseAudit } from './access/case-audit';
import { CaseTransactions } from './access/case-transactions';
import { seesEveryCase } from './access/case-visibility';
import { ConsultationViewMapper } from './consultation-view.mapper';
import { ConsultationRepository } from './consultation/consultation.repository';
import {
  ConsultationFilters,
  ConsultationListItem,
  ConsultationView,
} from './consultation/consultation.types';
import {
  decodeCreatedCursor,
  decodeQueueCursor,
  encodeCreatedCursor,
  encodeQueueCursor,
} from './pagination/list-keys';

/** Reading requests: one, a filtered list, and the triage queue; every read is audited. */
@Injectable()
export class ConsultationReadingService {
  constructor(
    private readonly transactions: CaseTransactions,
    private readonly access: CaseAccess,
    private readonly audit: CaseAudit,
    private readonly consultations: ConsultationRepository,
    private readonly views: ConsultationViewMapper,
    private readonly users: UserDirectory,
  ) {}

  async get(actor: AuthenticatedActor, id: string): Promise<ConsultationView> {
    requirePermission(actor, Permission.ConsultationRead);
    return this.transactions.run(async (m) => {
      const found = await this.access.open(m, actor, id, 'consultation.read');
      const view = this.views.view(found, actor);
      await this.audit.record(
        m,
        actor,
        { action: 'consultation.read', resourceId: id, details: { status: found.status } },
        [view],
      );
      return view;
    });
  }

  /**
   * Newest first. Requesters see their own requests only; staff see all. Items carry no case
   * text (docs/api.md): the list's audit event records a count, and reading a case's text is
   * `get`, audited per case.
   */
  async list(
    actor: AuthenticatedActor,
    filters: ConsultationFilters,
    page: PageRequest,
  ): Promise<Page<ConsultationListItem>> {
    requirePermission(actor, Permission.ConsultationList);
    const size = pageSize(page.limit);
    const after = page.cursor !== undefined ? decodeCreatedCursor('consultations', page.cursor) : undefined;
    const ownOnly = !seesEveryCase(actor);
    return this.transactions.run(async (m) => {
      const found = await this.consultations.list(
        m,
        { ...filters, ...(ownOnly ? { requesterId: actor.id } : {}) },
        after,
        size + 1,
      );
      const names = ownOnly ? undefined : await this.suggestedNames(m, found);
      const page = toPage(
        found,
        size,
        (row) => this.views.listItem(row, names),
        (row) => encodeCreatedCursor('consultations', row),
      );
      await this.audit.record(m, actor, {
        action: 'consultation.list',
        details: {
          view: ownOnly ? 'own' : 'all',
          filters: Object.keys(filters).filter((k) => filters[k as keyof ConsultationFilters] !== undefined),
          count: page.items.length,
        },
      });
      return page;
    });
  }

  /** Open, unassigned requests: priority (critical first), then deadline, then age. No case text, like `list`. */
  async triageQueue(actor: AuthenticatedActor, page: PageRequest): Promise<Page<ConsultationListItem>> {
    requirePermission(actor, Permission.TriageQueueRead);
    const size = pageSize(page.limit);
    const after = page.cursor !== undefined ? decodeQueueCursor(page.cursor) : undefined;
    return this.transactions.run(async (m) => {
      const found = await this.consultations.findTriageQueue(m, after, size + 1);
      const names = await this.suggestedNames(m, found);
      const page = toPage(
        found,
        size,
        (row) => this.views.listItem(row, names),
        (row) =>
          encodeQueueCursor({
            rank: row.priorityRank,
            slaDueAt: row.slaDueAt,
            createdAt: row.createdAt,
            id: row.id,
          }),
      );
      await this.audit.record(m, actor, {
        action: 'consultation.list',
        details: { view: 'triage_queue', count: page.items.length },
      });
      return page;
    });
  }

  /** The display names of the investigators triage suggested for these rows (staff lists only). */
  private suggestedNames(
    tx: Tx,
    rows: readonly { suggestedAssigneeId: string | null }[],
  ): Promise<Map<string, string>> {
    const ids = rows.map((row) => row.suggestedAssigneeId).filter((id): id is string => id !== null);
    return this.users.displayNames(tx, ids);
  }
}
