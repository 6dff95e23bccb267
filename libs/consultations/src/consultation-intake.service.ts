import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { AuthenticatedActor, Permission, requirePermission } from '@app/identity';
import {
  ConflictError,
  Database,
  OutboxService,
  TooManyRequestsError,
  Tx,
  UnprocessableError,
} from '@app/platform';
import { randomUUID } from 'node:crypto';
import { ImmediateDangerAdvice, ImmediateDangerAdviceProvider } from './advice/immediate-danger-advice';
import { CaseAudit } from './access/case-audit';
import { CaseRefusal } from './access/case-refusal';
import { CaseTransactions } from './access/case-transactions';
import { ConsultationViewMapper } from './consultation-view.mapper';
import { ConsultationRepository } from './consultation/consultation.repository';
import {
  ConsultationInput,
  ConsultationView,
  PRIORITY_RANK,
  UNTRIAGED_PRIORITY_RANK,
} from './consultation/consultation.types';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { IntakeRateRepository } from './intake-limit/intake-rate.repository';
import { hashRequestBody } from './idempotency/request-hash';
import { CaseKeys } from './keys/case-keys';
import { CONTACT_PHONE, SUMMARY } from './privacy/encrypted-fields';
import { identifyingDataRefusal } from './privacy/identifying-data.refusal';
import { ConsultationsConfig } from './consultations.config';
import { consultationJobIds, consultationJobs } from './consultation.jobs';

export interface CreatedConsultation {
  consultation: ConsultationView;
  /** Present when the request says someone is in immediate danger. */
  advice?: ImmediateDangerAdvice;
  /** True when an Idempotency-Key replay returned an earlier request. */
  replayed: boolean;
}

/** The intake limit's window: INTAKE_LIMIT_PER_HOUR filings in any 60 minutes. */
const INTAKE_WINDOW_SECONDS = 3600;

/** Thrown inside intake's transaction so that it rolls back (the Idempotency-Key claim too). */
class IntakeLimitReached extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('intake limit reached');
  }
}

/** Filing a consultation request (docs/api.md, POST /consultations), with Idempotency-Key. */
@Injectable()
export class ConsultationIntakeService {
  private readonly idempotencyTtlSeconds: number;
  private readonly intakeLimit: number;

  constructor(
    private readonly db: Database,
    private readonly transactions: CaseTransactions,
    private readonly caseAudit: CaseAudit,
    private readonly consultations: ConsultationRepository,
    private readonly idempotencyKeys: IdempotencyKeyRepository,
    private readonly keys: CaseKeys,
    private readonly outbox: OutboxService,
    private readonly advice: ImmediateDangerAdviceProvider,
    private readonly views: ConsultationViewMapper,
    private readonly intakeRate: IntakeRateRepository,
    private readonly audit: AuditRecorder,
    config: ConsultationsConfig,
  ) {
    this.idempotencyTtlSeconds = config.get('IDEMPOTENCY_KEY_TTL_HOURS') * 3600;
    this.intakeLimit = config.get('INTAKE_LIMIT_PER_HOUR');
  }

  /**
   * Files a request. With an Idempotency-Key, the same key and body again returns the first
   * request (nothing new is created), and the same key with another body is 422. The triage job
   * is written to the outbox in the same transaction, so a committed request is never lost.
   * A requester may file INTAKE_LIMIT_PER_HOUR requests in any 60 minutes; past that, 429 with
   * Retry-After, and supervisors are told (`limitReached`). The count is taken after the
   * Idempotency-Key, so a replay is never counted, and in the same transaction as the filing, so
   * a filing that fails is not counted either.
   */
  async requestConsultation(
    actor: AuthenticatedActor,
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

    const result = await this.fileWithinLimit(actor, async (m) => {
      if (idempotencyKey !== undefined) {
        const requestHash = hashRequestBody(input);
        const taken = !(await this.idempotencyKeys.claim(m, {
          userId: actor.id,
          key: idempotencyKey,
          requestHash,
          consultationId: id,
          ttlSeconds: this.idempotencyTtlSeconds,
        }));
        if (taken) return this.replay(m, actor, idempotencyKey, requestHash);
      }
      const quota = await this.intakeRate.take(m, actor.id, this.intakeLimit, INTAKE_WINDOW_SECONDS);
      if (!quota.taken) throw new IntakeLimitReached(quota.retryAfterSeconds);
      // The request's own data key encrypts its text; stored wrapped in the same statement.
      const key = this.keys.create(id);
      const record = await this.consultations.insert(m, {
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
      });
      await this.outbox.enqueue(m, {
        job: consultationJobs.submitted,
        payload: { consultationId: id },
        jobId: consultationJobIds.submitted(id),
      });
      // Answered from the text just encrypted, not by decrypting it again (two AES-GCM operations).
      const consultation = this.views.view(record, actor, {
        summary: input.summary,
        contactPhone: input.preferredContact.phone,
      });
      await this.caseAudit.record(
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

  /**
   * Runs intake's transaction; when the requester is at the limit (the transaction rolled back),
   * tells supervisors at most once per window and answers 429 with Retry-After.
   */
  private async fileWithinLimit<T>(actor: AuthenticatedActor, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.transactions.run(work);
    } catch (error) {
      if (!(error instanceof IntakeLimitReached)) throw error;
      await this.limitReached(actor);
      throw new TooManyRequestsError(
        error.retryAfterSeconds,
        `You have filed ${this.intakeLimit} requests in the last hour, the most one person may. ` +
          'If someone is in immediate danger, call 112 now.',
      );
    }
  }

  /**
   * A requester hit the intake limit: the first time in a window, every active supervisor gets an
   * in-app notification (`intake.limit_reached`, naming the requester's latest request) and the
   * audit trail an event (`intake.limit_reached`, outcome denied, on the requester's account), in
   * one transaction. Later refusals in the same window add nothing, so a flood does not grow the
   * trail or the supervisors' notifications by one row per attempt.
   */
  private async limitReached(actor: AuthenticatedActor): Promise<void> {
    await this.transactions.run(async (m) => {
      const occurrence = await this.intakeRate.claimAlert(m, actor.id, INTAKE_WINDOW_SECONDS);
      if (occurrence === null) return;
      const supervisorsNotified = await this.intakeRate.notifySupervisors(m, actor.id, occurrence);
      await this.audit.record(m, {
        action: 'intake.limit_reached',
        resourceType: 'user',
        resourceId: actor.id,
        actorId: actor.id,
        actorRole: actor.role,
        outcome: 'denied',
        details: { limit: this.intakeLimit, windowSeconds: INTAKE_WINDOW_SECONDS, supervisorsNotified },
      });
    });
  }

  /** Forgets expired intake Idempotency-Keys, at most `batch` of them; returns how many went. */
  purgeExpiredIdempotencyKeys(batch?: number): Promise<number> {
    return this.idempotencyKeys.deleteExpired(this.db, batch);
  }

  private async replay(
    tx: Tx,
    actor: AuthenticatedActor,
    key: string,
    requestHash: string,
  ): Promise<{ consultation: ConsultationView; replayed: true }> {
    const stored = await this.idempotencyKeys.find(tx, actor.id, key);
    if (stored && stored.requestHash !== requestHash) {
      throw new CaseRefusal(
        new UnprocessableError(
          'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
        ),
      );
    }
    const record = stored ? await this.consultations.findById(tx, stored.consultationId) : null;
    // Only if the key expired between two statements of this transaction: let the client retry.
    if (!record)
      throw new CaseRefusal(new ConflictError('The Idempotency-Key is being reused; retry the request.'));
    const consultation = this.views.view(record, actor);
    await this.caseAudit.record(
      tx,
      actor,
      { action: 'consultation.read', resourceId: record.id, details: { idempotentReplay: true } },
      [consultation],
    );
    return { consultation, replayed: true };
  }
}
