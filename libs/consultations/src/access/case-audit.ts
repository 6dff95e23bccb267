import { Injectable } from '@nestjs/common';
import type { AuthenticatedActor } from '@app/identity';
import { AuditEventInput, AuditRecorder } from '@app/audit';
import { DomainError, SqlRunner } from '@app/platform';
import { ConsultationView, MessageView } from '../consultation/consultation.types';
import { ConsultationStatus } from '../workflow/consultation-status.machine';
import { CaseRefusal } from './case-refusal';

/**
 * Audit events about a consultation, by the caller, written as the transaction's last statements
 * (the recorder holds the chain head until commit). Refusals are audited here too and handed back
 * as a `CaseRefusal` to throw: `CaseTransactions` commits the event and answers with the error.
 */
@Injectable()
export class CaseAudit {
  constructor(private readonly audit: AuditRecorder) {}

  /**
   * `shown`: the views the caller is about to be answered with; each one with a field that could
   * not be decrypted adds a `consultation.integrity_failure` event (outcome failure, the field
   * names), so that a tampered or misplaced ciphertext is on the record in the same transaction
   * as the read that met it.
   */
  async record(
    m: SqlRunner,
    actor: AuthenticatedActor,
    event: Omit<AuditEventInput, 'resourceType'>,
    shown: ReadonlyArray<ConsultationView | MessageView> = [],
  ): Promise<void> {
    await this.audit.record(m, {
      resourceType: 'consultation',
      actorId: actor.id,
      actorRole: actor.role,
      ...event,
    });
    for (const view of shown) {
      if (view.unreadableFields === undefined) continue;
      const message = 'consultationId' in view;
      await this.record(m, actor, {
        action: 'consultation.integrity_failure',
        resourceId: message ? view.consultationId : view.id,
        outcome: 'failure',
        details: { fields: view.unreadableFields, ...(message ? { messageId: view.id } : {}) },
      });
    }
  }

  /** A refused change: audited as `action` (outcome failure, with why), answered with `error`. */
  async refused(
    m: SqlRunner,
    actor: AuthenticatedActor,
    record: { id: string; status: ConsultationStatus },
    action: string,
    error: DomainError,
    details: Record<string, unknown> = {},
  ): Promise<CaseRefusal> {
    await this.record(m, actor, {
      action,
      resourceId: record.id,
      outcome: 'failure',
      details: { refused: error.code, status: record.status, ...details },
    });
    return new CaseRefusal(error);
  }

  /**
   * An attempt the caller may not make on this request: audited as `access.denied` with the
   * consultation as its resource (so it shows in the case's access log), answered with `error`.
   */
  async denied(
    m: SqlRunner,
    actor: AuthenticatedActor,
    id: string,
    details: { attempted: string } & Record<string, unknown>,
    error: DomainError,
  ): Promise<CaseRefusal> {
    await this.record(m, actor, { action: 'access.denied', resourceId: id, outcome: 'denied', details });
    return new CaseRefusal(error);
  }
}
