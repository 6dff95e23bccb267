import { Injectable } from '@nestjs/common';
import { AuditEventInput, AuditRecorder } from '@app/audit';
import { Permission, roleHas } from '@app/identity';
import {
  Database,
  DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  PreconditionFailedError,
  Tx,
} from '@app/platform';
import { ConsultationRecord, ConsultationRepository } from './consultation/consultation.repository';
import { ConsultationView, MessageView } from './consultation/consultation.types';
import { RetentionRepository } from './retention/retention.repository';

/** Who is calling: the authenticated user (the access guard's actor). */
export interface CaseActor {
  id: string;
  role: string;
  organizationId: string | null;
}

/**
 * A refusal decided inside a transaction that must still commit (its audit event), and is thrown
 * once the transaction is over.
 */
export class Refusal {
  constructor(readonly error: DomainError) {}
}

const NOT_FOUND = 'Consultation';

/** Defence in depth behind the access guard: a role without the permission is 403. */
export function requirePermission(actor: CaseActor, permission: Permission): void {
  if (!roleHas(actor.role, permission)) throw new ForbiddenError();
}

/**
 * What every consultation service does around its work (docs/api.md, "Consultation requests"):
 * one transaction per call, record-level access before anything else is done with a record, and
 * the audit event (refusals included) as the transaction's last statement, since the recorder
 * holds the chain head until commit.
 */
@Injectable()
export class ConsultationAccess {
  constructor(
    private readonly consultations: ConsultationRepository,
    private readonly audit: AuditRecorder,
    private readonly db: Database,
    private readonly retention: RetentionRepository,
  ) {}

  /** Runs `work` in one transaction; a Refusal it returns is committed (its audit), then thrown. */
  async run<T>(work: (tx: Tx) => Promise<T | Refusal>): Promise<T> {
    const result = await this.db.transaction(work);
    if (result instanceof Refusal) throw result.error;
    return result;
  }

  /**
   * Record-level access, before anything else is done with the record: staff see every request,
   * a requester only their own. Someone else's is answered like a missing one (404), and the
   * attempt is audited as `access.denied` on that consultation.
   */
  async openCase(
    tx: Tx,
    actor: CaseActor,
    id: string,
    attempted: string,
    options: { lock?: boolean } = {},
  ): Promise<ConsultationRecord | Refusal> {
    const record = await this.consultations.findById(tx, id, options);
    if (!record) return this.refuseMissing(tx, actor, id, attempted);
    if (!roleHas(actor.role, Permission.ConsultationReadAll) && record.requesterId !== actor.id) {
      await this.record(tx, actor, {
        action: 'access.denied',
        resourceId: id,
        outcome: 'denied',
        details: { attempted },
      });
      return new Refusal(new NotFoundError(NOT_FOUND));
    }
    return record;
  }

  /**
   * No such request: 404, or 410 with its tombstone when it was purged (docs/retention.md) and the
   * caller could have seen it (staff, or the requester who filed it; anyone else still gets 404).
   * The 410 is audited as a refused `attempted`, so it shows in the request's access log.
   */
  private async refuseMissing(tx: Tx, actor: CaseActor, id: string, attempted: string): Promise<Refusal> {
    const tombstone = await this.retention.findTombstone(tx, id);
    if (
      !tombstone ||
      (!roleHas(actor.role, Permission.ConsultationReadAll) && tombstone.requesterId !== actor.id)
    ) {
      return new Refusal(new NotFoundError(NOT_FOUND));
    }
    await this.record(tx, actor, {
      action: attempted,
      resourceId: id,
      outcome: 'failure',
      details: { refused: 'gone', status: tombstone.status },
    });
    const { requesterId: _requester, ...shown } = tombstone;
    const purgedAt = new Date(tombstone.purgedAt).toISOString();
    return new Refusal(
      new GoneError('This request was purged under the retention rules; only its tombstone remains.', {
        purgedAt,
        tombstone: { ...shown, purgedAt },
      }),
    );
  }

  /** `If-Match` with another version than the record's is 412, audited as a refused `action`. */
  async refuseStale(
    tx: Tx,
    actor: CaseActor,
    record: ConsultationRecord,
    expectedVersion: number | undefined,
    action: string,
  ): Promise<Refusal | null> {
    if (expectedVersion === undefined || expectedVersion === record.version) return null;
    return this.refuse(
      tx,
      actor,
      record,
      action,
      new PreconditionFailedError(
        `The request is at version ${record.version}, not ${expectedVersion}; reload it and try again.`,
        { version: record.version },
      ),
    );
  }

  /** A refused change is audited (outcome failure, with why) and then answered with `error`. */
  async refuse(
    tx: Tx,
    actor: CaseActor,
    record: ConsultationRecord,
    action: string,
    error: DomainError,
    details: Record<string, unknown> = {},
  ): Promise<Refusal> {
    await this.record(tx, actor, {
      action,
      resourceId: record.id,
      outcome: 'failure',
      details: { refused: error.code, status: record.status, ...details },
    });
    return new Refusal(error);
  }

  /**
   * An audit event about a consultation, by the caller. `shown`: the views the caller is about to
   * be answered with; each one with a field that could not be decrypted adds a
   * `consultation.integrity_failure` event (outcome failure, the field names), so that a tampered
   * or misplaced ciphertext is on the record in the same transaction as the read that met it.
   */
  async record(
    tx: Tx,
    actor: CaseActor,
    event: Omit<AuditEventInput, 'resourceType'>,
    shown: ReadonlyArray<ConsultationView | MessageView> = [],
  ): Promise<void> {
    await this.audit.record(tx, {
      resourceType: 'consultation',
      actorId: actor.id,
      actorRole: actor.role,
      ...event,
    });
    for (const view of shown) {
      if (view.unreadableFields === undefined) continue;
      const message = 'consultationId' in view;
      await this.record(tx, actor, {
        action: 'consultation.integrity_failure',
        resourceId: message ? view.consultationId : view.id,
        outcome: 'failure',
        details: { fields: view.unreadableFields, ...(message ? { messageId: view.id } : {}) },
      });
    }
  }
}
