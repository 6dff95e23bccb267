import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConsultationRepository, WorkerTriageApplied } from './consultation/consultation.repository';
import { Priority, PRIORITIES, PRIORITY_RANK } from './consultation/consultation.types';

/** The worker's triage of one request, computed from the facts it read. */
export interface TriageResult {
  id: string;
  riskScore: number;
  priority: Priority;
  triageReasons: string[];
  slaDueAt: Date;
  suggestedAssigneeId: string | null;
  /**
   * `priorityOverriddenAt` as read when the result was computed (null: no override). When given,
   * the triage applies only if nobody has set the priority since (left out otherwise: compute
   * again). Undefined: no such check.
   */
  basedOnOverrideAt?: Date | null;
}

/**
 * The system's changes to a request (the worker's triage, a deadline moved after a person's
 * priority, the automatic assignment), each one conditional statement in the CALLER's
 * transaction: libs/triage opens the transaction, adds its own writes (outbox rows,
 * notifications, escalation firings) and records the audit event as the transaction's last
 * statement (the audit chain's head lock is held until commit, so it goes last: see
 * docs/architecture.md "Seams"). Nothing here audits, decrypts or calls back.
 */
@Injectable()
export class ConsultationTriageWrites {
  constructor(private readonly consultations: ConsultationRepository) {}

  /**
   * Scores open requests not scored yet, in one statement, each on its own conditions: score,
   * reasons, deadline and suggested assignee; a still-`submitted` request moves to `triaged`, one
   * claimed or assigned before the worker saw it keeps its status, and a priority a person set is
   * kept. A request scored already, closed, withdrawn or overridden since it was read is left out
   * (nothing changed), so a redelivered job is harmless. Gives the applied requests' priority and
   * status by id, in id order.
   */
  async applyTriage(
    tx: EntityManager,
    results: readonly TriageResult[],
  ): Promise<Map<string, WorkerTriageApplied>> {
    for (const result of results) {
      if (!PRIORITIES.includes(result.priority))
        throw new TypeError(`unknown priority ${String(result.priority)}`);
    }
    // One order for every batch: concurrent batches lock shared rows in the same order.
    const sorted = [...results].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rows = await this.consultations.applyWorkerTriageMany(
      sorted.map((result) => ({ ...result, priorityRank: PRIORITY_RANK[result.priority] })),
      tx,
    );
    const byId = new Map(rows.map(({ id, priority, status }) => [id, { priority, status }]));
    const applied = new Map<string, WorkerTriageApplied>();
    for (const { id } of sorted) {
      const row = byId.get(id);
      if (row) applied.set(id, row);
    }
    return applied;
  }

  /**
   * A new deadline after a person changed the priority: applied only while the request still has
   * `priority` and has been scored; false otherwise (a later override brings its own).
   */
  rescheduleDeadline(
    tx: EntityManager,
    id: string,
    change: { priority: Priority; slaDueAt: Date },
  ): Promise<boolean> {
    return this.consultations.rescheduleDeadline(id, change, tx);
  }

  /** The automatic assignment: only while the request is triaged and nobody holds it; false otherwise. */
  autoAssign(tx: EntityManager, id: string, investigatorId: string): Promise<boolean> {
    return this.consultations.autoAssign(id, investigatorId, tx);
  }
}
