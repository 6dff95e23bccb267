import { Injectable } from '@nestjs/common';
import type { AuthenticatedActor } from '@app/identity';
import { GoneError, NotFoundError, PreconditionFailedError } from '@app/platform';
import { EntityManager } from 'typeorm';
import { ConsultationRecord, ConsultationRepository } from '../consultation/consultation.repository';
import { RetentionRepository } from '../retention/retention.repository';
import { CaseAudit } from './case-audit';
import { CaseRefusal } from './case-refusal';
import { maySee } from './case-visibility';

export interface OpenOptions {
  /** Hold the row FOR UPDATE until the transaction ends (before a change). */
  lock?: boolean;
  /** The client's `If-Match`: another version than the record's is 412. */
  expectedVersion?: number;
}

const NOT_FOUND = 'Consultation';

/**
 * Record-level access (docs/api.md, "Consultation requests"), the first thing done with a record:
 * `open` loads the request for `attempted` and either returns it or throws an audited
 * `CaseRefusal`, which `CaseTransactions` commits and answers.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly consultations: ConsultationRepository,
    private readonly retention: RetentionRepository,
    private readonly audit: CaseAudit,
  ) {}

  /**
   * Staff see every request, a requester only their own. Someone else's is answered like a
   * missing one (404), audited as `access.denied` on that consultation; a purged one is 410
   * (`refuseMissing`); with `expectedVersion`, another version is 412, audited as a refused
   * `attempted`.
   */
  async open(
    m: EntityManager,
    actor: AuthenticatedActor,
    id: string,
    attempted: string,
    options: OpenOptions = {},
  ): Promise<ConsultationRecord> {
    const record = await this.consultations.findById(id, m, { lock: options.lock });
    if (!record) throw await this.refuseMissing(m, actor, id, attempted);
    if (!maySee(actor, record.requesterId)) {
      throw await this.audit.denied(m, actor, id, { attempted }, new NotFoundError(NOT_FOUND));
    }
    const expected = options.expectedVersion;
    if (expected !== undefined && expected !== record.version) {
      throw await this.audit.refused(
        m,
        actor,
        record,
        attempted,
        new PreconditionFailedError(
          `The request is at version ${record.version}, not ${expected}; reload it and try again.`,
          { version: record.version },
        ),
      );
    }
    return record;
  }

  /**
   * No such request: 404, or 410 with its tombstone when it was purged (docs/retention.md) and the
   * caller could have seen it (staff, or the requester who filed it; anyone else still gets 404).
   * The 410 is audited as a refused `attempted`, so it shows in the request's access log.
   */
  private async refuseMissing(
    m: EntityManager,
    actor: AuthenticatedActor,
    id: string,
    attempted: string,
  ): Promise<CaseRefusal> {
    const tombstone = await this.retention.findTombstone(id, m);
    if (!tombstone || !maySee(actor, tombstone.requesterId))
      return new CaseRefusal(new NotFoundError(NOT_FOUND));
    await this.audit.record(m, actor, {
      action: attempted,
      resourceId: id,
      outcome: 'failure',
      details: { refused: 'gone', status: tombstone.status },
    });
    const { requesterId: _requester, ...shown } = tombstone;
    const purgedAt = new Date(tombstone.purgedAt).toISOString();
    return new CaseRefusal(
      new GoneError('This request was purged under the retention rules; only its tombstone remains.', {
        purgedAt,
        tombstone: { ...shown, purgedAt },
      }),
    );
  }
}
