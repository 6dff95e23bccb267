import { Injectable } from '@nestjs/common';
import {
  AuthenticatedActor,
  Permission,
  requirePermission,
  Role,
  roleHas,
  UserDirectory,
} from '@app/identity';
import { ConflictError, ForbiddenError, OutboxService, Tx, ValidationFailedError } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { CaseAccess } from './access/case-access';
import { CaseAudit } from './access/case-audit';
import { CaseTransactions } from './access/case-transactions';
import { ConsultationViewMapper } from './consultation-view.mapper';
import { ConsultationRecord, ConsultationRepository } from './consultation/consultation.repository';
import { ConsultationView, Priority, PRIORITY_RANK } from './consultation/consultation.types';
import { CaseKeys } from './keys/case-keys';
import { demotionNeedsSupervisor } from './workflow/priority-demotion';
import { PRIORITY_OVERRIDE_REASON, TRANSITION_REASON } from './privacy/encrypted-fields';
import {
  CONSULTATION_STATUSES,
  ConsultationOutcome,
  ConsultationStatus,
  decideAssignment,
  decideTransition,
  holderOf,
  isOpenStatus,
  transitionRequiresOutcome,
} from './workflow/consultation-status.machine';
import { consultationJobIds, consultationJobs } from './consultation.jobs';

/** Statuses a claim can take a request from (the status machine's rule, as SQL needs it). */
const CLAIMABLE: readonly ConsultationStatus[] = CONSULTATION_STATUSES.filter(
  (status) => decideAssignment('claim', status, 'investigator').allowed,
);

/**
 * The case workflow by people: claim, assign, a priority override and moves along the status
 * machine. Every change bumps `version`; `If-Match` with another version is 412.
 */
@Injectable()
export class ConsultationWorkflowService {
  constructor(
    private readonly transactions: CaseTransactions,
    private readonly access: CaseAccess,
    private readonly audit: CaseAudit,
    private readonly consultations: ConsultationRepository,
    private readonly keys: CaseKeys,
    private readonly outbox: OutboxService,
    private readonly users: UserDirectory,
    private readonly views: ConsultationViewMapper,
  ) {}

  /**
   * Takes a request for the caller in one conditional UPDATE: of concurrent claims exactly one
   * matches the row; the others see it taken and get 409. Claiming one's own request again is a
   * harmless no-op.
   */
  async claim(actor: AuthenticatedActor, id: string, expectedVersion?: number): Promise<ConsultationView> {
    requirePermission(actor, Permission.ConsultationClaim);
    return this.transactions.run(async (m) => {
      const claimed = await this.consultations.claim(m, id, actor.id, CLAIMABLE, expectedVersion);
      if (claimed) {
        return this.answer(m, actor, claimed, {
          action: 'consultation.claim',
          resourceId: id,
          details: { assigneeId: actor.id },
        });
      }
      const current = await this.access.open(m, actor, id, 'consultation.claim', { expectedVersion });
      if (current.assigneeId === actor.id) {
        return this.answer(m, actor, current, {
          action: 'consultation.claim',
          resourceId: id,
          details: { assigneeId: actor.id, unchanged: true },
        });
      }
      const decision = decideAssignment('claim', current.status, actor.role);
      const message = current.assigneeId
        ? 'Someone else already holds this request.'
        : `A request in status ${current.status} cannot be claimed.`;
      throw await this.audit.refused(
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
  }

  /** A supervisor gives the request to an active investigator (or moves it to another one). */
  async assign(
    actor: AuthenticatedActor,
    id: string,
    investigatorId: string,
    expectedVersion?: number,
  ): Promise<ConsultationView> {
    requirePermission(actor, Permission.ConsultationAssign);
    const investigator = await this.users.findById(investigatorId);
    if (!investigator || !investigator.active || investigator.role !== Role.Investigator) {
      throw new ValidationFailedError([
        { field: 'investigatorId', message: 'investigatorId must be the id of an active investigator' },
      ]);
    }
    return this.transactions.run(async (m) => {
      const current = await this.access.open(m, actor, id, 'consultation.assign', {
        lock: true,
        expectedVersion,
      });
      const decision = decideAssignment('assign', current.status, actor.role);
      if (!decision.allowed) {
        throw await this.audit.refused(
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
        return this.answer(m, actor, current, {
          action: 'consultation.assign',
          resourceId: id,
          details: { assigneeId: investigatorId, unchanged: true },
        });
      }
      const updated = await this.consultations.assign(m, id, investigatorId, decision.to);
      // The investigator is told (an in-app notification the worker writes; added for triage, issue 5).
      await this.outbox.enqueue(m, {
        job: consultationJobs.notificationCreate,
        payload: { consultationId: id, event: 'consultation.assigned', recipientIds: [investigatorId] },
        jobId: consultationJobIds.assigned(id, updated.version),
      });
      return this.answer(m, actor, updated, {
        action: 'consultation.assign',
        resourceId: id,
        details: {
          assigneeId: investigatorId,
          previousAssigneeId: current.assigneeId,
          from: current.status,
          to: updated.status,
        },
      });
    });
  }

  /**
   * A person's priority decision, which overrules the worker's (now and on any later triage). The
   * deadline follows the new priority: a `consultation.priority_overridden` job, written in this
   * transaction, has the worker recompute `slaDueAt` from the filing time (the SLA targets and the
   * business calendar are triage's) and schedule the escalations of the new deadline. Lowering
   * the priority of a request someone else holds, or an immediate-danger request below critical,
   * is for supervisors only (403 for an investigator, audited as access.denied).
   */
  async overrideTriage(
    actor: AuthenticatedActor,
    id: string,
    change: { priority: Priority; reason: string },
    expectedVersion?: number,
  ): Promise<ConsultationView> {
    requirePermission(actor, Permission.ConsultationTriage);
    return this.transactions.run(async (m) => {
      const current = await this.access.open(m, actor, id, 'consultation.triage', {
        lock: true,
        expectedVersion,
      });
      if (!isOpenStatus(current.status)) {
        throw await this.audit.refused(
          m,
          actor,
          current,
          'consultation.triage',
          new ConflictError(`A ${current.status} request cannot be triaged.`, { status: current.status }),
        );
      }
      const demotion = demotionNeedsSupervisor(
        {
          priority: current.priority,
          assigneeId: current.assigneeId,
          immediateDanger: current.riskFactors.immediateDanger === true,
        },
        change.priority,
        actor.id,
      );
      if (demotion !== null && !roleHas(actor.role, Permission.ConsultationPriorityLower)) {
        // Refused like any attempt the caller's role may not make (403), on the case's record.
        throw await this.audit.denied(
          m,
          actor,
          id,
          {
            attempted: 'consultation.triage',
            refused: demotion,
            priority: change.priority,
            previousPriority: current.priority,
          },
          new ForbiddenError(
            demotion === 'immediate_danger_below_critical'
              ? 'Only a supervisor may set a request in immediate danger below critical.'
              : 'Only a supervisor may lower the priority of a request held by someone else.',
          ),
        );
      }
      const key = await this.keys.forWriting(m, id, current.wrappedKey);
      const updated = await this.consultations.overridePriority(m, id, {
        priority: change.priority,
        priorityRank: PRIORITY_RANK[change.priority],
        reasonCiphertext: this.keys.seal(key, change.reason, PRIORITY_OVERRIDE_REASON, id),
        overriddenBy: actor.id,
      });
      await this.outbox.enqueue(m, {
        job: consultationJobs.priorityOverridden,
        payload: { consultationId: id },
        jobId: consultationJobIds.priorityOverridden(id, updated.version),
      });
      return this.answer(m, actor, updated, {
        action: 'consultation.triage',
        resourceId: id,
        details: { priority: change.priority, previousPriority: current.priority, automatic: false },
      });
    });
  }

  /**
   * Moves a request along the status machine (withdraw, start, wait, close, reopen). A move the
   * caller may not make is 409 with the moves they could make; closing needs an outcome.
   */
  async transition(
    actor: AuthenticatedActor,
    id: string,
    change: { to: ConsultationStatus; reason?: string; outcome?: ConsultationOutcome },
    expectedVersion?: number,
  ): Promise<ConsultationView> {
    requirePermission(actor, Permission.ConsultationTransition);
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
    return this.transactions.run(async (m) => {
      const current = await this.access.open(m, actor, id, 'consultation.transition', {
        lock: true,
        expectedVersion,
      });
      const decision = decideTransition(
        current.status,
        actor.role,
        change.to,
        holderOf(current.assigneeId, actor.id),
      );
      if (!decision.allowed) {
        throw await this.audit.refused(
          m,
          actor,
          current,
          'consultation.transition',
          new ConflictError(
            decision.heldByOther
              ? 'This request is held by another investigator.'
              : `This request cannot move from ${current.status} to ${change.to}.`,
            { status: current.status, allowedMoves: decision.allowedMoves },
          ),
          { from: current.status, to: change.to, ...(decision.heldByOther ? { heldByOther: true } : {}) },
        );
      }
      const updated = await this.consultations.changeStatus(m, id, change.to, change.outcome ?? null);
      const changeId = randomUUID();
      const key = change.reason !== undefined ? await this.keys.forWriting(m, id, current.wrappedKey) : null;
      await this.consultations.recordStatusChange(m, {
        id: changeId,
        consultationId: id,
        from: current.status,
        to: change.to,
        actorId: actor.id,
        reasonCiphertext:
          change.reason !== undefined
            ? this.keys.seal(key, change.reason, TRANSITION_REASON, changeId)
            : null,
        outcome: change.outcome ?? null,
      });
      return this.answer(m, actor, updated, {
        action: 'consultation.transition',
        resourceId: id,
        details: {
          from: current.status,
          to: change.to,
          ...(change.outcome ? { outcome: change.outcome } : {}),
          reasonGiven: change.reason !== undefined,
        },
      });
    });
  }

  /** The view of `record` as the caller sees it, audited by `event` with it (the last statement). */
  private async answer(
    tx: Tx,
    actor: AuthenticatedActor,
    record: ConsultationRecord,
    event: { action: string; resourceId: string; details: Record<string, unknown> },
  ): Promise<ConsultationView> {
    const view = this.views.view(record, actor);
    await this.audit.record(tx, actor, event, [view]);
    return view;
  }
}
