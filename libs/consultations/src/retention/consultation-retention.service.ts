import { Injectable, Logger } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { AuthenticatedActor, Permission, requirePermission } from '@app/identity';
import { Database, Page, PageRequest, pageSize, SYSTEM_AUDIT_ACTOR, toPage, ValidationFailedError } from '@app/platform';
import { ConsultationsConfig } from '../consultations.config';
import { CaseAccess } from '../access/case-access';
import { CaseAudit } from '../access/case-audit';
import { CaseTransactions } from '../access/case-transactions';
import { ConsultationViewMapper } from '../consultation-view.mapper';
import { ConsultationRepository } from '../consultation/consultation.repository';
import { ConsultationView } from '../consultation/consultation.types';
import { CaseKeys } from '../keys/case-keys';
import { decodeEndedCursor, encodeEndedCursor } from '../pagination/list-keys';
import { LEGAL_HOLD_REASON } from '../privacy/encrypted-fields';
import { DueRequest, RetentionRepository } from './retention.repository';

export interface PurgeReport {
  purged: number;
  batches: number;
}

const DAY_MS = 24 * 3600 * 1000;
/** The widest window GET /retention/upcoming looks ahead. */
export const MAX_UPCOMING_DAYS = 366;

/**
 * Retention (gallring, docs/retention.md): purging finished requests when their time is up,
 * legal holds that stop it, and the list of what is due soon.
 */
@Injectable()
export class ConsultationRetentionService {
  private readonly logger = new Logger(ConsultationRetentionService.name);
  private readonly retentionDays: number;
  private readonly batchSize: number;

  constructor(
    private readonly db: Database,
    private readonly retention: RetentionRepository,
    private readonly consultations: ConsultationRepository,
    private readonly transactions: CaseTransactions,
    private readonly access: CaseAccess,
    private readonly caseAudit: CaseAudit,
    private readonly audit: AuditRecorder,
    private readonly keys: CaseKeys,
    private readonly views: ConsultationViewMapper,
    config: ConsultationsConfig,
  ) {
    this.retentionDays = config.get('RETENTION_CLOSED_DAYS');
    this.batchSize = config.get('RETENTION_BATCH_SIZE');
  }

  /**
   * Purges every closed or withdrawn request that ended more than RETENTION_CLOSED_DAYS ago and
   * has no legal hold. Each batch is one transaction: the requests are locked and checked again,
   * their tombstones written, the requests deleted with everything that points to them (their data
   * key first among them), and `consultation.purged` recorded (actor system) as the last
   * statement. A crash leaves each request whole or purged; running again carries on.
   */
  async purgeDue(
    options: { now?: Date; batchSize?: number; maxBatches?: number } = {},
  ): Promise<PurgeReport> {
    const cutoff = new Date((options.now ?? new Date()).getTime() - this.retentionDays * DAY_MS);
    const batchSize = options.batchSize ?? this.batchSize;
    const report: PurgeReport = { purged: 0, batches: 0 };
    for (let round = 0; options.maxBatches === undefined || round < options.maxBatches; round++) {
      const purged = await this.db.transaction(async (tx) => {
        const due = await this.retention.lockDue(tx, cutoff, batchSize);
        const tombstones = await this.retention.purge(
          tx,
          due.map((row) => row.id),
        );
        await this.audit.recordMany(
          tx,
          tombstones.map((tombstone) => ({
            action: 'consultation.purged',
            resourceType: 'consultation',
            resourceId: tombstone.id,
            ...SYSTEM_AUDIT_ACTOR,
            details: {
              status: tombstone.status,
              closedAt: tombstone.closedAt ? new Date(tombstone.closedAt).toISOString() : null,
              retentionDays: this.retentionDays,
            },
          })),
        );
        return due.length;
      });
      if (purged === 0) break;
      report.purged += purged;
      report.batches += 1;
      if (purged < batchSize) break;
    }
    if (report.purged > 0)
      this.logger.log({ purged: report.purged, batches: report.batches }, 'purged requests');
    return report;
  }

  /**
   * Requests that will be purged within `days` (soonest first), without case text; with
   * `includeHeld`, also those a legal hold keeps that would otherwise be due by then.
   */
  async upcoming(
    actor: AuthenticatedActor,
    window: { days?: number; includeHeld?: boolean },
    page: PageRequest,
  ): Promise<Page<DueRequest>> {
    requirePermission(actor, Permission.RetentionRead);
    const days = window.days ?? 30;
    const includeHeld = window.includeHeld ?? false;
    if (!Number.isInteger(days) || days < 0 || days > MAX_UPCOMING_DAYS) {
      throw new ValidationFailedError([
        { field: 'days', message: `days must be an integer from 0 to ${MAX_UPCOMING_DAYS}` },
      ]);
    }
    const size = pageSize(page.limit);
    const after = page.cursor !== undefined ? decodeEndedCursor(page.cursor) : undefined;
    const endedBefore = new Date(Date.now() + (days - this.retentionDays) * DAY_MS);
    return this.transactions.run(async (m) => {
      const found = await this.retention.findUpcoming(m, endedBefore, this.retentionDays, {
        after,
        includeHeld,
        limit: size + 1,
      });
      const result = toPage(
        found,
        size,
        (row) => row,
        (row) => encodeEndedCursor({ closedAt: new Date(row.closedAt), id: row.id }),
      );
      await this.audit.record(m, {
        action: 'retention.read',
        resourceType: 'retention',
        actorId: actor.id,
        actorRole: actor.role,
        details: { days, includeHeld, count: result.items.length },
      });
      return result;
    });
  }

  /**
   * Sets (or replaces) a request's legal hold: it is not purged while the hold stands. The reason
   * is case text, encrypted with the request's key; the audit event says only that a hold was set.
   */
  async setLegalHold(
    actor: AuthenticatedActor,
    id: string,
    reason: string,
    expectedVersion?: number,
  ): Promise<ConsultationView> {
    requirePermission(actor, Permission.ConsultationLegalHold);
    return this.transactions.run(async (m) => {
      const current = await this.access.open(m, actor, id, 'consultation.legal_hold', {
        lock: true,
        expectedVersion,
      });
      const key = await this.keys.forWriting(m, id, current.wrappedKey);
      const updated = await this.consultations.setLegalHold(m, id, {
        reasonCiphertext: this.keys.seal(key, reason, LEGAL_HOLD_REASON, id),
        by: actor.id,
      });
      const view = this.views.view(updated, actor);
      await this.caseAudit.record(
        m,
        actor,
        {
          action: 'consultation.legal_hold',
          resourceId: id,
          details: { status: current.status, replaced: current.legalHoldSince !== null },
        },
        [view],
      );
      return view;
    });
  }

  /** Releases a request's legal hold (answered as it stands also when it had none). */
  async releaseLegalHold(
    actor: AuthenticatedActor,
    id: string,
    expectedVersion?: number,
  ): Promise<ConsultationView> {
    requirePermission(actor, Permission.ConsultationLegalHold);
    return this.transactions.run(async (m) => {
      const current = await this.access.open(m, actor, id, 'consultation.legal_hold_release', {
        lock: true,
        expectedVersion,
      });
      const held = current.legalHoldSince !== null;
      const updated = held ? await this.consultations.setLegalHold(m, id, null) : current;
      const view = this.views.view(updated, actor);
      await this.caseAudit.record(
        m,
        actor,
        {
          action: 'consultation.legal_hold_release',
          resourceId: id,
          details: { status: current.status, unchanged: !held },
        },
        [view],
      );
      return view;
    });
  }
}
