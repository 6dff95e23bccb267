import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditRecorder } from '@app/audit';
import { DataSource, EntityManager } from 'typeorm';
import {
  AssignmentLoad,
  ConsultationRepository,
  QueueStatistics,
  TriageFacts,
} from './consultation/consultation.repository';
import { Priority, PRIORITIES, PRIORITY_RANK } from './consultation/consultation.types';

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
      await this.recordBySystem(m, id, 'consultation.triage', {
        priority: applied.priority,
        riskScore: result.riskScore,
        automatic: true,
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
