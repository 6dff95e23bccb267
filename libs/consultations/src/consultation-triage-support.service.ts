import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditRecorder } from '@app/audit';
import { DataSource, EntityManager } from 'typeorm';
import {
  AssignmentLoad,
  ConsultationRepository,
  TriageFacts,
  WorkerTriageApplied,
} from './consultation/consultation.repository';
import { Priority, PRIORITIES, PRIORITY_RANK } from './consultation/consultation.types';

export interface WorkerTriageResult {
  riskScore: number;
  priority: Priority;
  triageReasons: string[];
  slaDueAt: Date;
  suggestedAssigneeId: string | null;
  /**
   * `priorityOverriddenAt` as read when the result was computed (null: no override). When given,
   * the triage applies only if nobody has set the priority since (false otherwise: compute again).
   */
  basedOnOverrideAt?: Date | null;
}

/** Lets the worker add its own writes (outbox rows) to a triage or assignment transaction. */
export type InTransaction = (manager: EntityManager) => Promise<void>;

/** The worker's writes for a batch of triaged requests: `applied` holds the ones that changed, by id. */
export type InBatchTransaction = (
  manager: EntityManager,
  applied: ReadonlyMap<string, WorkerTriageApplied>,
) => Promise<void>;

/**
 * What libs/triage (the worker's triage, escalation, sweeper, notifications and queue statistics)
 * needs of the consultations: facts without case text, and the system's own changes, audited as
 * actor `system`. Callers are jobs or have checked access themselves; nothing here decrypts.
 */
@Injectable()
export class ConsultationTriageSupportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationRepository,
    private readonly audit: AuditRecorder,
  ) {}

  /** What triage scores, without case text (nothing is decrypted). Null when unknown. */
  findForTriage(id: string): Promise<TriageFacts | null> {
    return this.consultations.findTriageFacts(id);
  }

  /** `findForTriage` for several requests in one read; unknown ids are left out. */
  findForTriageMany(ids: string[]): Promise<TriageFacts[]> {
    return this.consultations.findTriageFactsMany(ids);
  }

  /**
   * `applyWorkerTriage` for several requests in ONE transaction (the worker triages what arrived
   * together): each request is applied on its own conditions in one statement, then the caller's
   * writes for the ones applied, then one `consultation.triage` audit event per applied request,
   * appended together as the last statement, so the chain lock and the commit are paid once for
   * the batch. Gives the applied requests by id (a request left out changed nothing).
   */
  async applyWorkerTriageMany(
    results: (WorkerTriageResult & { id: string })[],
    inTransaction?: InBatchTransaction,
  ): Promise<Map<string, WorkerTriageApplied>> {
    for (const result of results) {
      if (!PRIORITIES.includes(result.priority))
        throw new TypeError(`unknown priority ${String(result.priority)}`);
    }
    // One order for every batch: concurrent batches lock shared rows in the same order.
    const sorted = [...results].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.dataSource.transaction(async (m) => {
      const rows = await this.consultations.applyWorkerTriageMany(
        sorted.map((result) => ({
          id: result.id,
          riskScore: result.riskScore,
          priority: result.priority,
          priorityRank: PRIORITY_RANK[result.priority],
          triageReasons: result.triageReasons,
          slaDueAt: result.slaDueAt,
          suggestedAssigneeId: result.suggestedAssigneeId,
          basedOnOverrideAt: result.basedOnOverrideAt,
        })),
        m,
      );
      const applied = new Map(rows.map(({ id, priority, status }) => [id, { priority, status }]));
      if (applied.size === 0) return applied;
      if (inTransaction) await inTransaction(m, applied);
      await this.audit.recordMany(
        m,
        sorted
          .filter((result) => applied.has(result.id))
          .map((result) => ({
            action: 'consultation.triage',
            resourceType: 'consultation',
            resourceId: result.id,
            actorId: null,
            actorRole: 'system',
            details: {
              priority: (applied.get(result.id) as WorkerTriageApplied).priority,
              riskScore: result.riskScore,
              automatic: true,
            },
          })),
      );
      return applied;
    });
  }

  /**
   * The worker's triage, in one transaction: an open request not scored yet gets its score,
   * reasons, deadline and suggested assignee, and moves to `triaged` if it is still `submitted`
   * (one claimed or assigned before the worker saw it keeps its status). Once scored, null and
   * nothing changes, so a redelivered job is harmless. Then the caller's own writes
   * (`inTransaction`, e.g. outbox rows) and the audit event, last.
   */
  async applyWorkerTriage(
    id: string,
    result: WorkerTriageResult,
    inTransaction?: InTransaction,
  ): Promise<WorkerTriageApplied | null> {
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
          basedOnOverrideAt: result.basedOnOverrideAt,
        },
        m,
      );
      if (!applied) return null;
      if (inTransaction) await inTransaction(m);
      await this.recordBySystem(m, id, 'consultation.triage', {
        priority: applied.priority,
        riskScore: result.riskScore,
        automatic: true,
      });
      return applied;
    });
  }

  /**
   * A new deadline after a person changed the priority (the worker recomputes it): applied only
   * while the request still has `priority` and has been scored; false otherwise. Then the
   * caller's writes (new escalation jobs) and the audit event `consultation.sla_rescheduled`.
   */
  async rescheduleDeadline(
    id: string,
    change: { priority: Priority; slaDueAt: Date; previousDueAt: Date | null },
    inTransaction?: InTransaction,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      if (!(await this.consultations.rescheduleDeadline(id, change, m))) return false;
      if (inTransaction) await inTransaction(m);
      await this.recordBySystem(m, id, 'consultation.sla_rescheduled', {
        priority: change.priority,
        previousDueAt: change.previousDueAt?.toISOString() ?? null,
        dueAt: change.slaDueAt.toISOString(),
      });
      return true;
    });
  }

  /** The worker's automatic assignment: only while the request is triaged and nobody holds it. */
  async autoAssign(id: string, investigatorId: string, inTransaction?: InTransaction): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      if (!(await this.consultations.autoAssign(id, investigatorId, m))) return false;
      if (inTransaction) await inTransaction(m);
      await this.recordBySystem(m, id, 'consultation.assign', {
        assigneeId: investigatorId,
        automatic: true,
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

  /** Per investigator: open assigned requests and when they were last given one (assignment suggestions). */
  assignmentLoad(investigatorIds: string[]): Promise<AssignmentLoad[]> {
    return this.consultations.assignmentLoad(investigatorIds);
  }

  /**
   * Ids of open requests not scored by the worker more than `olderThanSeconds` after filing (the
   * triage sweeper): still `submitted`, or claimed or assigned before the worker saw them.
   */
  findStaleUnscored(olderThanSeconds: number, limit: number): Promise<string[]> {
    return this.consultations.findStaleUnscored(olderThanSeconds, limit);
  }

  /** Triaged, unassigned requests whose deadline passed more than `graceSeconds` ago (escalation sweep). */
  findOverdueUnassigned(graceSeconds: number, limit: number): Promise<{ id: string; slaDueAt: Date }[]> {
    return this.consultations.findOverdueUnassigned(graceSeconds, limit);
  }

  private recordBySystem(
    m: EntityManager,
    id: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<unknown> {
    return this.audit.record(m, {
      action,
      resourceType: 'consultation',
      resourceId: id,
      actorId: null,
      actorRole: 'system',
      details,
    });
  }
}
