import { Injectable } from '@nestjs/common';
import { auditEventConditions, fetchInBatches } from '@app/audit';
import { DataSource, EntityManager } from 'typeorm';
import { ACCESS_REPORT_RULES, type ConsultationRead } from './access-report';

const DAY_MS = 86_400_000;

/**
 * The access follow-up's reads of the audit trail. It reads `audit_events` in SQL because each read
 * needs the case's state just before it, and only lateral lookups on the trail's own indexes do that
 * at speed; the meaning of the consultation actions stays here, above audit, which records them
 * without knowing what they mean. The time range goes through audit's `auditEventConditions`.
 */
@Injectable()
export class CaseReadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Staff reads of consultations (the report's read actions: the case, its messages) in [from, to),
   * in seq order, each with the case's state just before it as the trail itself tells it: the latest
   * claim/assign (its assigneeId, else the claimer); the status the read event recorded
   * (`details.status`), else the one the latest lifecycle event implies (create: submitted,
   * claim/assign: assigned, transition: its `to`); and who created it. Each lookup is one probe of
   * the partial lifecycle index.
   */
  async *streamConsultationReads(
    manager: EntityManager,
    from: Date,
    to: Date,
    excludedRoles: readonly string[],
    batchSize = 5000,
  ): AsyncGenerator<ConsultationRead[]> {
    const params: unknown[] = [];
    const range = auditEventConditions({ outcome: 'success', from, to }, params, 'r');
    range.push(`r.action = ANY($${params.push([...ACCESS_REPORT_RULES.readActions])}::text[])`);
    const sql = `
      SELECT r.id AS "eventId", r.seq, r.occurred_at AS "occurredAt", r.actor_id::text AS "actorId",
             r.actor_role AS "actorRole", r.resource_id AS "consultationId",
             COALESCE(r.details->>'status', lifecycle.status) AS "statusAtRead", holder.assignee AS "assigneeAtRead",
             COALESCE(creator.creator_id = r.actor_id, false) AS "createdByReader"
      FROM audit_events r
      LEFT JOIN LATERAL (
        SELECT COALESCE(e.details->>'assigneeId', e.actor_id::text) AS assignee
        FROM audit_events e
        WHERE e.resource_type = 'consultation' AND e.resource_id = r.resource_id AND e.outcome = 'success'
          AND e.action IN ('consultation.claim', 'consultation.assign') AND e.seq < r.seq
        ORDER BY e.seq DESC LIMIT 1
      ) holder ON true
      LEFT JOIN LATERAL (
        SELECT CASE e.action WHEN 'consultation.create' THEN 'submitted'
                             WHEN 'consultation.transition' THEN e.details->>'to'
                             ELSE 'assigned' END AS status
        FROM audit_events e
        WHERE e.resource_type = 'consultation' AND e.resource_id = r.resource_id AND e.outcome = 'success'
          AND e.action IN ('consultation.create', 'consultation.claim', 'consultation.assign', 'consultation.transition')
          AND e.seq < r.seq
        ORDER BY e.seq DESC LIMIT 1
      ) lifecycle ON true
      LEFT JOIN LATERAL (
        SELECT e.actor_id AS creator_id
        FROM audit_events e
        WHERE e.resource_type = 'consultation' AND e.resource_id = r.resource_id AND e.outcome = 'success'
          AND e.action = 'consultation.create'
        ORDER BY e.seq LIMIT 1
      ) creator ON true
      WHERE ${range.join(' AND ')} AND r.resource_type = 'consultation' AND r.resource_id IS NOT NULL
        AND r.actor_id IS NOT NULL AND r.actor_role <> ALL($${params.push([...excludedRoles])}::text[])
      ORDER BY r.seq`;
    type Row = Omit<ConsultationRead, 'seq'> & { seq: string };
    for await (const rows of fetchInBatches<Row>(manager, sql, params, batchSize)) {
      yield rows.map((row) => ({ ...row, seq: Number(row.seq) }));
    }
  }

  /**
   * Per actor and day (0 = the day just before `before`), successful consultation reads (the
   * report's read actions) over `days` days.
   */
  async dailyReadCounts(
    actorIds: string[],
    before: Date,
    days: number,
    manager?: EntityManager,
  ): Promise<{ actorId: string; day: number; reads: number }[]> {
    if (actorIds.length === 0) return [];
    const params: unknown[] = [before, actorIds];
    const range = auditEventConditions(
      { outcome: 'success', from: new Date(before.getTime() - days * DAY_MS), to: before },
      params,
    );
    range.push(`action = ANY($${params.push([...ACCESS_REPORT_RULES.readActions])}::text[])`);
    return (manager ?? this.dataSource.manager).query(
      `SELECT actor_id::text AS "actorId", floor(extract(epoch FROM ($1::timestamptz - occurred_at)) / 86400)::int AS day,
              count(*)::int AS reads
       FROM audit_events
       WHERE ${range.join(' AND ')} AND resource_type = 'consultation' AND actor_id = ANY($2::uuid[])
       GROUP BY 1, 2`,
      params,
    );
  }
}
