import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventInput, AuditRecorder } from '@app/audit';
import { Permission, Role, roleHas, UsersService } from '@app/identity';
import {
  AppConfig,
  ConflictError,
  DomainError,
  ForbiddenError,
  JobName,
  NotFoundError,
  OutboxService,
  PreconditionFailedError,
  UnprocessableError,
  ValidationFailedError,
} from '@app/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ImmediateDangerAdvice, ImmediateDangerAdviceProvider } from './advice/immediate-danger-advice';
import {
  AssignmentLoad,
  ConsultationRecord,
  ConsultationRepository,
  QueueStatistics,
  TriageFacts,
} from './consultation/consultation.repository';
import {
  ConsultationFilters,
  ConsultationInput,
  ConsultationView,
  MessageView,
  Page,
  PageRequest,
  Priority,
  PRIORITIES,
  PRIORITY_RANK,
  RISK_FACTORS,
  RiskFactors,
  UNTRIAGED_PRIORITY_RANK,
} from './consultation/consultation.types';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { hashRequestBody } from './idempotency/request-hash';
import { ConsultationMessageRepository, MessageRecord } from './messages/consultation-message.repository';
import {
  decodeCreatedCursor,
  decodeQueueCursor,
  encodeCreatedCursor,
  encodeQueueCursor,
  pageSize,
  toPage,
} from './pagination/keyset-cursor';
import {
  bindingOf,
  CONTACT_PHONE,
  MESSAGE_BODY,
  PRIORITY_OVERRIDE_REASON,
  SUMMARY,
  TRANSITION_REASON,
} from './privacy/encrypted-fields';
import { FieldCipher } from './privacy/field-cipher';
import { describeFinding, findIdentifyingData } from './privacy/identifying-data.detector';
import {
  CONSULTATION_STATUSES,
  ConsultationOutcome,
  ConsultationStatus,
  decideAssignment,
  decideTransition,
  isOpenStatus,
  TransitionActor,
  transitionRequiresOutcome,
} from './workflow/consultation-status.machine';

/** Who is calling: the authenticated user (the access guard's actor). */
export interface CaseActor {
  id: string;
  role: string;
  organizationId: string | null;
}

export interface CreatedConsultation {
  consultation: ConsultationView;
  /** Present when the request says someone is in immediate danger. */
  advice?: ImmediateDangerAdvice;
  /** True when an Idempotency-Key replay returned an earlier request. */
  replayed: boolean;
}

export interface WorkerTriageResult {
  riskScore: number;
  priority: Priority;
  triageReasons: string[];
  slaDueAt: Date;
  suggestedAssigneeId: string | null;
}

/** Lets the worker add its own writes (outbox rows) to a triage or assignment transaction. */
export type InTransaction = (manager: EntityManager) => Promise<void>;

/**
 * A refusal decided inside a transaction that must still commit (its audit event), and is thrown
 * once the transaction is over.
 */
class Refusal {
  constructor(readonly error: DomainError) {}
}

const NOT_FOUND = 'Consultation';

/** Statuses a claim can take a request from (the status machine's rule, as SQL needs it). */
const CLAIMABLE: readonly ConsultationStatus[] = CONSULTATION_STATUSES.filter(
  (status) => decideAssignment('claim', status, 'investigator').allowed,
);

/**
 * Consultation requests: intake, reading, the case workflow and messages (docs/api.md,
 * "Consultation requests"). Every public method checks the caller's role and then its right to
 * this record first (a requester sees only their own: anyone else's is 404 and audited as
 * `access.denied`), then acts in one transaction: the change, its outbox rows, and its audit event
 * last (the recorder holds the chain head until commit).
 */
@Injectable()
export class ConsultationsService {
  private readonly idempotencyTtlSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationRepository,
    private readonly messages: ConsultationMessageRepository,
    private readonly idempotencyKeys: IdempotencyKeyRepository,
    private readonly cipher: FieldCipher,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly advice: ImmediateDangerAdviceProvider,
    private readonly users: UsersService,
    config: AppConfig,
  ) {
    this.idempotencyTtlSeconds = config.get('IDEMPOTENCY_KEY_TTL_HOURS') * 3600;
  }

  // ---------------------------------------------------------------- intake

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
    this.requirePermission(actor, Permission.ConsultationCreate);
    if (!input.subject.identified) this.refuseIdentifyingData('summary', input.summary);
    const id = randomUUID();
    const immediateDanger = input.riskFactors.immediateDanger;

    const result = await this.run(async (m) => {
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
      const record = await this.consultations.insert(
        {
          id,
          concernTypes: input.concernTypes,
          summaryCiphertext: this.cipher.encrypt(input.summary, bindingOf(SUMMARY, id)),
          identified: input.subject.identified,
          subject: input.subject,
          riskFactors: input.riskFactors,
          requestedSupport: input.requestedSupport,
          contactChannel: input.preferredContact.channel,
          contactPhoneCiphertext:
            input.preferredContact.phone !== undefined
              ? this.cipher.encrypt(input.preferredContact.phone, bindingOf(CONTACT_PHONE, id))
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
      await this.record(m, actor, {
        action: 'consultation.create',
        resourceId: id,
        details: { status: record.status, immediateDanger },
      });
      return { record, replayed: false };
    });

    const consultation = this.view(result.record, actor);
    return {
      consultation,
      ...(consultation.riskFactors.immediateDanger ? { advice: this.advice.get() } : {}),
      replayed: result.replayed,
    };
  }

  private async replay(
    m: EntityManager,
    actor: CaseActor,
    key: string,
    requestHash: string,
  ): Promise<{ record: ConsultationRecord; replayed: true } | Refusal> {
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
    await this.record(m, actor, {
      action: 'consultation.read',
      resourceId: record.id,
      details: { idempotentReplay: true },
    });
    return { record, replayed: true };
  }

  // ---------------------------------------------------------------- reading

  async get(actor: CaseActor, id: string): Promise<ConsultationView> {
    this.requirePermission(actor, Permission.ConsultationRead);
    const record = await this.run(async (m) => {
      const found = await this.openCase(m, actor, id, 'consultation.read');
      if (found instanceof Refusal) return found;
      await this.record(m, actor, {
        action: 'consultation.read',
        resourceId: id,
        details: { status: found.status },
      });
      return found;
    });
    return this.view(record, actor);
  }

  /** Newest first. Requesters see their own requests only; staff see all. */
  async list(
    actor: CaseActor,
    filters: ConsultationFilters,
    page: PageRequest,
  ): Promise<Page<ConsultationView>> {
    this.requirePermission(actor, Permission.ConsultationList);
    const size = pageSize(page.limit);
    const after = page.cursor !== undefined ? decodeCreatedCursor('consultations', page.cursor) : undefined;
    const ownOnly = !roleHas(actor.role, Permission.ConsultationReadAll);
    const rows = await this.run(async (m) => {
      const found = await this.consultations.list(
        { ...filters, ...(ownOnly ? { requesterId: actor.id } : {}) },
        after,
        size + 1,
        m,
      );
      await this.record(m, actor, {
        action: 'consultation.list',
        details: {
          view: ownOnly ? 'own' : 'all',
          filters: Object.keys(filters).filter((k) => filters[k as keyof ConsultationFilters] !== undefined),
          count: Math.min(found.length, size),
        },
      });
      return found;
    });
    return toPage(
      rows,
      size,
      (row) => this.view(row, actor),
      (row) => encodeCreatedCursor('consultations', row),
    );
  }

  /** Open, unassigned requests: priority (critical first), then deadline, then age. */
  async triageQueue(actor: CaseActor, page: PageRequest): Promise<Page<ConsultationView>> {
    this.requirePermission(actor, Permission.TriageQueueRead);
    const size = pageSize(page.limit);
    const after = page.cursor !== undefined ? decodeQueueCursor(page.cursor) : undefined;
    const rows = await this.run(async (m) => {
      const found = await this.consultations.findTriageQueue(after, size + 1, m);
      await this.record(m, actor, {
        action: 'consultation.list',
        details: { view: 'triage_queue', count: Math.min(found.length, size) },
      });
      return found;
    });
    return toPage(
      rows,
      size,
      (row) => this.view(row, actor),
      (row) =>
        encodeQueueCursor({
          rank: row.priorityRank,
          slaDueAt: row.slaDueAt,
          createdAt: row.createdAt,
          id: row.id,
        }),
    );
  }

  // ---------------------------------------------------------------- workflow

  /**
   * Takes a request for the caller in one conditional UPDATE: of concurrent claims exactly one
   * matches the row; the others see it taken and get 409. Claiming one's own request again is a
   * harmless no-op.
   */
  async claim(actor: CaseActor, id: string, expectedVersion?: number): Promise<ConsultationView> {
    this.requirePermission(actor, Permission.ConsultationClaim);
    const record = await this.run(async (m) => {
      const claimed = await this.consultations.claim(id, actor.id, CLAIMABLE, expectedVersion, m);
      if (claimed) {
        await this.record(m, actor, {
          action: 'consultation.claim',
          resourceId: id,
          details: { assigneeId: actor.id },
        });
        return claimed;
      }
      const current = await this.openCase(m, actor, id, 'consultation.claim');
      if (current instanceof Refusal) return current;
      const stale = await this.refuseStale(m, actor, current, expectedVersion, 'consultation.claim');
      if (stale) return stale;
      if (current.assigneeId === actor.id) {
        await this.record(m, actor, {
          action: 'consultation.claim',
          resourceId: id,
          details: { assigneeId: actor.id, unchanged: true },
        });
        return current;
      }
      const decision = decideAssignment('claim', current.status, actor.role as TransitionActor);
      const message = current.assigneeId
        ? 'Someone else already holds this request.'
        : `A request in status ${current.status} cannot be claimed.`;
      return this.refuse(
        m,
        actor,
        current,
        'consultation.claim',
        new ConflictError(message, {
          status: current.status,
          allowedFrom: decision.allowed ? [] : decision.allowedFrom,
        }),
      );
    });
    return this.view(record, actor);
  }

  /** A supervisor gives the request to an active investigator (or moves it to another one). */
  async assign(
    actor: CaseActor,
    id: string,
    investigatorId: string,
    expectedVersion?: number,
  ): Promise<ConsultationView> {
    this.requirePermission(actor, Permission.ConsultationAssign);
    const investigator = await this.users.findById(investigatorId);
    if (!investigator || !investigator.active || investigator.role !== Role.Investigator) {
      throw new ValidationFailedError([
        { field: 'investigatorId', message: 'investigatorId must be the id of an active investigator' },
      ]);
    }
    const record = await this.run(async (m) => {
      const current = await this.openCase(m, actor, id, 'consultation.assign', { lock: true });
      if (current instanceof Refusal) return current;
      const stale = await this.refuseStale(m, actor, current, expectedVersion, 'consultation.assign');
      if (stale) return stale;
      const decision = decideAssignment('assign', current.status, actor.role as TransitionActor);
      if (!decision.allowed) {
        return this.refuse(
          m,
          actor,
          current,
          'consultation.assign',
          new ConflictError(`A request in status ${current.status} cannot be assigned.`, {
            status: current.status,
            allowedFrom: decision.allowedFrom,
          }),
        );
      }
      if (current.assigneeId === investigatorId && current.status === decision.to) {
        await this.record(m, actor, {
          action: 'consultation.assign',
          resourceId: id,
          details: { assigneeId: investigatorId, unchanged: true },
        });
        return current;
      }
      const updated = await this.consultations.assign(id, investigatorId, decision.to, m);
      // The investigator is told (an in-app notification the worker writes; added for triage, issue 5).
      await this.outbox.enqueue(m, {
        name: JobName.NotificationCreate,
        payload: { consultationId: id, event: 'consultation.assigned', recipientIds: [investigatorId] },
        jobId: `assigned-${id}-${updated.version}`,
      });
      await this.record(m, actor, {
        action: 'consultation.assign',
        resourceId: id,
        details: {
          assigneeId: investigatorId,
          previousAssigneeId: current.assigneeId,
          from: current.status,
          to: updated.status,
        },
      });
      return updated;
    });
    return this.view(record, actor);
  }

  /** A person's priority decision, which overrules the worker's (now and on any later triage). */
  async overrideTriage(
    actor: CaseActor,
    id: string,
    change: { priority: Priority; reason: string },
    expectedVersion?: number,
  ): Promise<ConsultationView> {
    this.requirePermission(actor, Permission.ConsultationTriage);
    const record = await this.run(async (m) => {
      const current = await this.openCase(m, actor, id, 'consultation.triage', { lock: true });
      if (current instanceof Refusal) return current;
      const stale = await this.refuseStale(m, actor, current, expectedVersion, 'consultation.triage');
      if (stale) return stale;
      if (!isOpenStatus(current.status)) {
        return this.refuse(
          m,
          actor,
          current,
          'consultation.triage',
          new ConflictError(`A ${current.status} request cannot be triaged.`, { status: current.status }),
        );
      }
      const updated = await this.consultations.overridePriority(
        id,
        {
          priority: change.priority,
          priorityRank: PRIORITY_RANK[change.priority],
          reasonCiphertext: this.cipher.encrypt(change.reason, bindingOf(PRIORITY_OVERRIDE_REASON, id)),
          overriddenBy: actor.id,
        },
        m,
      );
      await this.record(m, actor, {
        action: 'consultation.triage',
        resourceId: id,
        details: { priority: change.priority, previousPriority: current.priority, automatic: false },
      });
      return updated;
    });
    return this.view(record, actor);
  }

  /**
   * Moves a request along the status machine (withdraw, start, wait, close, reopen). A move the
   * caller may not make is 409 with the moves they could make; closing needs an outcome.
   */
  async transition(
    actor: CaseActor,
    id: string,
    change: { to: ConsultationStatus; reason?: string; outcome?: ConsultationOutcome },
    expectedVersion?: number,
  ): Promise<ConsultationView> {
    this.requirePermission(actor, Permission.ConsultationTransition);
    if (transitionRequiresOutcome(change.to) && change.outcome === undefined) {
      throw new ValidationFailedError([
        { field: 'outcome', message: 'outcome is required when closing a request' },
      ]);
    }
    if (!transitionRequiresOutcome(change.to) && change.outcome !== undefined) {
      throw new ValidationFailedError([
        { field: 'outcome', message: 'outcome is only allowed when closing a request' },
      ]);
    }
    const record = await this.run(async (m) => {
      const current = await this.openCase(m, actor, id, 'consultation.transition', { lock: true });
      if (current instanceof Refusal) return current;
      const stale = await this.refuseStale(m, actor, current, expectedVersion, 'consultation.transition');
      if (stale) return stale;
      const decision = decideTransition(current.status, actor.role as TransitionActor, change.to);
      if (!decision.allowed) {
        return this.refuse(
          m,
          actor,
          current,
          'consultation.transition',
          new ConflictError(`This request cannot move from ${current.status} to ${change.to}.`, {
            status: current.status,
            allowedMoves: decision.allowedMoves,
          }),
          { from: current.status, to: change.to },
        );
      }
      const updated = await this.consultations.changeStatus(id, change.to, change.outcome ?? null, m);
      const changeId = randomUUID();
      await this.consultations.recordStatusChange(
        {
          id: changeId,
          consultationId: id,
          from: current.status,
          to: change.to,
          actorId: actor.id,
          reasonCiphertext:
            change.reason !== undefined
              ? this.cipher.encrypt(change.reason, bindingOf(TRANSITION_REASON, changeId))
              : null,
          outcome: change.outcome ?? null,
        },
        m,
      );
      await this.record(m, actor, {
        action: 'consultation.transition',
        resourceId: id,
        details: {
          from: current.status,
          to: change.to,
          ...(change.outcome ? { outcome: change.outcome } : {}),
          reasonGiven: change.reason !== undefined,
        },
      });
      return updated;
    });
    return this.view(record, actor);
  }

  // ---------------------------------------------------------------- messages

  /**
   * A message on a request. Internal notes are for staff only and never shown to requesters. In a
   * de-identified request the body is checked for identifying data like the summary.
   */
  async postMessage(
    actor: CaseActor,
    id: string,
    message: { body: string; internal?: boolean },
  ): Promise<MessageView> {
    this.requirePermission(actor, Permission.MessageCreate);
    const internal = message.internal === true;
    if (internal && !roleHas(actor.role, Permission.MessageInternal)) {
      throw new ForbiddenError('Only investigators and supervisors may write internal notes.');
    }
    const record = await this.run(async (m) => {
      const current = await this.openCase(m, actor, id, 'message.create');
      if (current instanceof Refusal) return current;
      if (!current.identified) {
        const refusal = this.identifyingDataRefusal('body', message.body);
        if (refusal) return new Refusal(refusal);
      }
      const messageId = randomUUID();
      const created = await this.messages.insert(
        {
          id: messageId,
          consultationId: id,
          authorId: actor.id,
          authorRole: actor.role,
          bodyCiphertext: this.cipher.encrypt(message.body, bindingOf(MESSAGE_BODY, messageId)),
          internal,
        },
        m,
      );
      // Who should hear of it: the requester and the investigator holding the request, never the
      // author, and never the requester for an internal note.
      const recipientIds = [current.requesterId, current.assigneeId].filter(
        (userId): userId is string =>
          userId !== null && userId !== actor.id && !(internal && userId === current.requesterId),
      );
      if (recipientIds.length > 0) {
        await this.outbox.enqueue(m, {
          name: JobName.NotificationCreate,
          payload: { consultationId: id, event: 'message.created', recipientIds },
          jobId: `message-${messageId}`,
        });
      }
      await this.record(m, actor, {
        action: 'message.create',
        resourceId: id,
        details: { messageId, internal },
      });
      return created;
    });
    return this.messageView(record, message.body);
  }

  /** Oldest first; requesters never see internal notes. */
  async listMessages(actor: CaseActor, id: string, page: PageRequest): Promise<Page<MessageView>> {
    this.requirePermission(actor, Permission.MessageList);
    const size = pageSize(page.limit);
    const after = page.cursor !== undefined ? decodeCreatedCursor('messages', page.cursor) : undefined;
    const includeInternal = roleHas(actor.role, Permission.MessageInternal);
    const rows = await this.run(async (m) => {
      const current = await this.openCase(m, actor, id, 'message.list');
      if (current instanceof Refusal) return current;
      const found = await this.messages.listThread(id, { includeInternal, after, limit: size + 1 }, m);
      await this.record(m, actor, {
        action: 'message.list',
        resourceId: id,
        details: { count: Math.min(found.length, size), includeInternal },
      });
      return found;
    });
    return toPage(
      rows,
      size,
      (row) => this.messageView(row),
      (row) => encodeCreatedCursor('messages', row),
    );
  }

  // ---------------------------------------------------------------- for the worker

  /** What triage scores, without case text (nothing is decrypted). Null when unknown. */
  findForTriage(id: string): Promise<TriageFacts | null> {
    return this.consultations.findTriageFacts(id);
  }

  /**
   * The worker's triage, in one transaction: only a request still `submitted` moves to
   * `triaged` (otherwise false and nothing changes, so a redelivered job is harmless); then the
   * caller's own writes (`inTransaction`, e.g. outbox rows) and the audit event, last.
   */
  async applyWorkerTriage(
    id: string,
    result: WorkerTriageResult,
    inTransaction?: InTransaction,
  ): Promise<boolean> {
    if (!PRIORITIES.includes(result.priority))
      throw new TypeError(`unknown priority ${String(result.priority)}`);
    return this.dataSource.transaction(async (m) => {
      const applied = await this.consultations.applyWorkerTriage(
        id,
        {
          riskScore: result.riskScore,
          priority: result.priority,
          priorityRank: PRIORITY_RANK[result.priority],
          triageReasons: result.triageReasons,
          slaDueAt: result.slaDueAt,
          suggestedAssigneeId: result.suggestedAssigneeId,
        },
        m,
      );
      if (!applied) return false;
      if (inTransaction) await inTransaction(m);
      await this.audit.record(m, {
        action: 'consultation.triage',
        resourceType: 'consultation',
        resourceId: id,
        actorId: null,
        actorRole: 'system',
        details: { priority: applied.priority, riskScore: result.riskScore, automatic: true },
      });
      return true;
    });
  }

  /** The worker's automatic assignment: only while the request is triaged and nobody holds it. */
  async autoAssign(id: string, investigatorId: string, inTransaction?: InTransaction): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      if (!(await this.consultations.autoAssign(id, investigatorId, m))) return false;
      if (inTransaction) await inTransaction(m);
      await this.audit.record(m, {
        action: 'consultation.assign',
        resourceType: 'consultation',
        resourceId: id,
        actorId: null,
        actorRole: 'system',
        details: { assigneeId: investigatorId, automatic: true },
      });
      return true;
    });
  }

  /** Who to notify about a request (no case text). Null when unknown. */
  participants(
    id: string,
  ): Promise<{ reference: string; requesterId: string; assigneeId: string | null } | null> {
    return this.consultations.findParticipants(id);
  }

  /** Forgets expired intake Idempotency-Keys (a maintenance job may call this). */
  purgeExpiredIdempotencyKeys(batch?: number): Promise<number> {
    return this.idempotencyKeys.deleteExpired(batch);
  }

  // ---------------------------------------------------------------- helpers

  /** Runs `work` in one transaction; a Refusal it returns is committed (its audit), then thrown. */
  private async run<T>(work: (m: EntityManager) => Promise<T | Refusal>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    if (result instanceof Refusal) throw result.error;
    return result;
  }

  /**
   * Record-level access, before anything else is done with the record: staff see every request,
   * a requester only their own. Someone else's is answered like a missing one (404), and the
   * attempt is audited as `access.denied` on that consultation.
   */
  private async openCase(
    m: EntityManager,
    actor: CaseActor,
    id: string,
    attempted: string,
    options: { lock?: boolean } = {},
  ): Promise<ConsultationRecord | Refusal> {
    const record = await this.consultations.findById(id, m, options);
    if (!record) return new Refusal(new NotFoundError(NOT_FOUND));
    if (!roleHas(actor.role, Permission.ConsultationReadAll) && record.requesterId !== actor.id) {
      await this.record(m, actor, {
        action: 'access.denied',
        resourceId: id,
        outcome: 'denied',
        details: { attempted },
      });
      return new Refusal(new NotFoundError(NOT_FOUND));
    }
    return record;
  }

  private async refuseStale(
    m: EntityManager,
    actor: CaseActor,
    record: ConsultationRecord,
    expectedVersion: number | undefined,
    action: string,
  ): Promise<Refusal | null> {
    if (expectedVersion === undefined || expectedVersion === record.version) return null;
    return this.refuse(
      m,
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
  private async refuse(
    m: EntityManager,
    actor: CaseActor,
    record: ConsultationRecord,
    action: string,
    error: DomainError,
    details: Record<string, unknown> = {},
  ): Promise<Refusal> {
    await this.record(m, actor, {
      action,
      resourceId: record.id,
      outcome: 'failure',
      details: { refused: error.code, status: record.status, ...details },
    });
    return new Refusal(error);
  }

  private record(
    m: EntityManager,
    actor: CaseActor,
    event: Omit<AuditEventInput, 'resourceType'>,
  ): Promise<unknown> {
    return this.audit.record(m, {
      resourceType: 'consultation',
      actorId: actor.id,
      actorRole: actor.role,
      ...event,
    });
  }

  /** Defence in depth behind the access guard: a role without the permission is 403. */
  private requirePermission(actor: CaseActor, permission: Permission): void {
    if (!roleHas(actor.role, permission)) throw new ForbiddenError();
  }

  private refuseIdentifyingData(field: string, text: string): void {
    const error = this.identifyingDataRefusal(field, text);
    if (error) throw error;
  }

  /** A 400 naming what to remove and why, once per kind found; the matched text is never echoed. */
  private identifyingDataRefusal(field: string, text: string): ValidationFailedError | null {
    const kinds = [...new Set(findIdentifyingData(text).map((finding) => finding.kind))];
    if (kinds.length === 0) return null;
    return new ValidationFailedError(
      kinds.map((kind) => ({ field, message: describeFinding(kind) })),
      'The request is de-identified, but the text contains data that identifies a person.',
    );
  }

  private view(record: ConsultationRecord, actor: CaseActor): ConsultationView {
    const staff = roleHas(actor.role, Permission.ConsultationReadAll);
    const phone =
      record.contactPhone !== null
        ? this.cipher.decrypt(record.contactPhone, bindingOf(CONTACT_PHONE, record.id))
        : undefined;
    return {
      id: record.id,
      reference: record.reference,
      status: record.status,
      version: record.version,
      concernTypes: record.concernTypes,
      summary: this.cipher.decrypt(record.summary, bindingOf(SUMMARY, record.id)),
      subject: record.subject,
      // jsonb keeps its own key order; answer in the documented one.
      riskFactors: Object.fromEntries(
        RISK_FACTORS.map((factor) => [factor, record.riskFactors[factor] === true]),
      ) as RiskFactors,
      requestedSupport: record.requestedSupport,
      preferredContact: { channel: record.contactChannel, ...(phone !== undefined ? { phone } : {}) },
      priority: record.priority,
      riskScore: record.riskScore,
      triageReasons: record.triageReasons,
      slaDueAt: record.slaDueAt,
      assigneeId: record.assigneeId,
      requesterId: record.requesterId,
      organizationId: record.organizationId,
      outcome: record.outcome,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      ...(staff
        ? {
            priorityOverride:
              record.priorityOverrideReason !== null &&
              record.priorityOverriddenBy !== null &&
              record.priorityOverriddenAt
                ? {
                    reason: this.cipher.decrypt(
                      record.priorityOverrideReason,
                      bindingOf(PRIORITY_OVERRIDE_REASON, record.id),
                    ),
                    overriddenBy: record.priorityOverriddenBy,
                    overriddenAt: record.priorityOverriddenAt,
                  }
                : null,
          }
        : {}),
    };
  }

  private messageView(record: MessageRecord, plaintext?: string): MessageView {
    return {
      id: record.id,
      consultationId: record.consultationId,
      authorId: record.authorId,
      authorRole: record.authorRole,
      body: plaintext ?? this.cipher.decrypt(record.body, bindingOf(MESSAGE_BODY, record.id)),
      internal: record.internal,
      createdAt: record.createdAt,
    };
  }

  // ------------------------------------------------ for triage (added by the triage engineer)

  /** Per investigator: open assigned requests and when they were last given one (assignment suggestions). */
  assignmentLoad(investigatorIds: string[]): Promise<AssignmentLoad[]> {
    return this.consultations.assignmentLoad(investigatorIds);
  }

  /** Ids of requests still `submitted` more than `olderThanSeconds` after filing (the triage sweeper). */
  findStaleSubmitted(olderThanSeconds: number, limit: number): Promise<string[]> {
    return this.consultations.findStaleSubmitted(olderThanSeconds, limit);
  }

  /** Triaged, unassigned requests whose deadline passed more than `graceSeconds` ago (escalation sweep). */
  findOverdueUnassigned(graceSeconds: number, limit: number): Promise<{ id: string; slaDueAt: Date }[]> {
    return this.consultations.findOverdueUnassigned(graceSeconds, limit);
  }

  /** Counts and claim times for the supervisors' queue view (no case text; the caller checks access). */
  queueStatistics(period: { from: Date; to: Date }): Promise<QueueStatistics> {
    return this.consultations.queueStatistics(period);
  }
}
