import { Injectable } from '@nestjs/common';
import { Permission } from '@app/identity';
import {
  AppConfig,
  ConflictError,
  JobName,
  OutboxService,
  SqlRunner,
  UnprocessableError,
} from '@app/platform';
import { randomUUID } from 'node:crypto';
import { ImmediateDangerAdvice, ImmediateDangerAdviceProvider } from './advice/immediate-danger-advice';
import { CaseActor, ConsultationAccess, Refusal, requirePermission } from './consultation-access.service';
import { ConsultationViewMapper } from './consultation-view.mapper';
import { ConsultationRepository } from './consultation/consultation.repository';
import {
  ConsultationInput,
  ConsultationView,
  PRIORITY_RANK,
  UNTRIAGED_PRIORITY_RANK,
} from './consultation/consultation.types';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { hashRequestBody } from './idempotency/request-hash';
import { CaseKeys } from './keys/case-keys';
import { CONTACT_PHONE, SUMMARY } from './privacy/encrypted-fields';
import { identifyingDataRefusal } from './privacy/identifying-data.refusal';

export interface CreatedConsultation {
  consultation: ConsultationView;
  /** Present when the request says someone is in immediate danger. */
  advice?: ImmediateDangerAdvice;
  /** True when an Idempotency-Key replay returned an earlier request. */
  replayed: boolean;
}

/** Filing a consultation request (docs/api.md, POST /consultations), with Idempotency-Key. */
@Injectable()
export class ConsultationIntakeService {
  private readonly idempotencyTtlSeconds: number;

  constructor(
    private readonly access: ConsultationAccess,
    private readonly consultations: ConsultationRepository,
    private readonly idempotencyKeys: IdempotencyKeyRepository,
    private readonly keys: CaseKeys,
    private readonly outbox: OutboxService,
    private readonly advice: ImmediateDangerAdviceProvider,
    private readonly views: ConsultationViewMapper,
    config: AppConfig,
  ) {
    this.idempotencyTtlSeconds = config.get('IDEMPOTENCY_KEY_TTL_HOURS') * 3600;
  }

  /**
   * Files a request. With an Idempotency-Key, the same key and body again returns the first
   * request (nothing new is created), and the same key with another body is 422. The triage job
   * is written to the outbox in the same transaction, so a committed request is never lost.
   */
  async requestConsultation(
    actor: CaseActor,
    input: ConsultationInput,
    idempotencyKey?: string,
  ): Promise<CreatedConsultation> {
    requirePermission(actor, Permission.ConsultationCreate);
    if (!input.subject.identified) {
      const refusal = identifyingDataRefusal('summary', input.summary);
      if (refusal) throw refusal;
    }
    const id = randomUUID();
    const immediateDanger = input.riskFactors.immediateDanger;

    const result = await this.access.runDirect(async (m) => {
      if (idempotencyKey !== undefined) {
        const requestHash = hashRequestBody(input);
        const taken = !(await this.idempotencyKeys.claim(
          {
            userId: actor.id,
            key: idempotencyKey,
            requestHash,
            consultationId: id,
            ttlSeconds: this.idempotencyTtlSeconds,
          },
          m,
        ));
        if (taken) return this.replay(m, actor, idempotencyKey, requestHash);
      }
      // The request's own data key encrypts its text; stored wrapped in the same statement.
      const key = this.keys.create(id);
      const record = await this.consultations.insert(
        {
          id,
          key: key.stored,
          concernTypes: input.concernTypes,
          summaryCiphertext: this.keys.seal(key.cipher, input.summary, SUMMARY, id),
          identified: input.subject.identified,
          subject: input.subject,
          riskFactors: input.riskFactors,
          requestedSupport: input.requestedSupport,
          contactChannel: input.preferredContact.channel,
          contactPhoneCiphertext:
            input.preferredContact.phone !== undefined
              ? this.keys.seal(key.cipher, input.preferredContact.phone, CONTACT_PHONE, id)
              : null,
          // `immediateDanger` always means critical (docs/api.md); saying so at once puts the
          // request on top of the queue even before the worker has triaged it.
          priority: immediateDanger ? 'critical' : null,
          priorityRank: immediateDanger ? PRIORITY_RANK.critical : UNTRIAGED_PRIORITY_RANK,
          requesterId: actor.id,
          organizationId: actor.organizationId,
        },
        m,
      );
      await this.outbox.enqueue(m, {
        name: JobName.ConsultationSubmitted,
        payload: { consultationId: id },
        jobId: `triage-${id}`,
      });
      // Answered from the text just encrypted, not by decrypting it again (two AES-GCM operations).
      const consultation = this.views.view(record, actor, {
        summary: input.summary,
        contactPhone: input.preferredContact.phone,
      });
      await this.access.record(
        m,
        actor,
        {
          action: 'consultation.create',
          resourceId: id,
          details: { status: record.status, immediateDanger },
        },
        [consultation],
      );
      return { consultation, replayed: false };
    });

    return {
      consultation: result.consultation,
      ...(result.consultation.riskFactors.immediateDanger ? { advice: this.advice.get() } : {}),
      replayed: result.replayed,
    };
  }

  /** Forgets expired intake Idempotency-Keys, at most `batch` of them; returns how many went. */
  purgeExpiredIdempotencyKeys(batch?: number): Promise<number> {
    return this.idempotencyKeys.deleteExpired(batch);
  }

  private async replay(
    m: SqlRunner,
    actor: CaseActor,
    key: string,
    requestHash: string,
  ): Promise<{ consultation: ConsultationView; replayed: true } | Refusal> {
    const stored = await this.idempotencyKeys.find(actor.id, key, m);
    if (stored && stored.requestHash !== requestHash) {
      return new Refusal(
        new UnprocessableError(
          'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
        ),
      );
    }
    const record = stored ? await this.consultations.findById(stored.consultationId, m) : null;
    // Only if the key expired between two statements of this transaction: let the client retry.
    if (!record)
      return new Refusal(new ConflictError('The Idempotency-Key is being reused; retry the request.'));
    const consultation = this.views.view(record, actor);
    await this.access.record(
      m,
      actor,
      { action: 'consultation.read', resourceId: record.id, details: { idempotentReplay: true } },
      [consultation],
    );
    return { consultation, replayed: true };
  }
}
