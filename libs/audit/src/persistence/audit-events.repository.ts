import { Tx, Database } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { ACCESS_REPORT_RULES, type ConsultationRead } from '../reports/access-report';
import { AUDIT_OUTCOMES, AuditEventFilter, AuditEventRecord, ChainHead } from './audit-event.record';
import { fetchInBatches } from './read-snapshot';

const EVENT_COLUMNS = `id, seq, occurred_at AS "occurredAt", actor_id AS "actorId",
  actor_role AS "actorRole", action, resource_type AS "resourceType", resource_id AS "resourceId", outcome,
  ip, user_agent AS "userAgent", request_id AS "requestId", details, prev_hash AS "prevHash", hash`;

const MAX_SEQ = '9223372036854775807';

/**
 * Rows per FETCH when streaming the chain (verification, checkpoints, exports). Small enough that
 * a batch is processed before the next young-generation collection comes round, so batches die
 * young instead of being promoted; 2,000 kept about 2 MB alive across collections, 500 about
 * 0.2 MB, at the same speed (bench/performance.md).
 */
export const CHAIN_STREAM_BATCH = 500;

type EventRow = Omit<AuditEventRecord, 'seq'> & { seq: string };

const toRecord = (row: EventRow): AuditEventRecord => ({ ...row, seq: Number(row.seq) });

/**
 * The WHERE clause of a filter. A time range becomes a seq range: `occurred_at` never decreases
 * along the chain (the recorder stamps it under the chain lock), so "from" is the first seq stamped
 * at or after `from` and "to" the first seq at or after `to`, each one probe of
 * (occurred_at, seq). Every page then is one backward range scan of a (filter, seq) index. The
 * occurred_at conditions stay too, so the answer is right even if that order were ever broken
 * (verification reports such a chain as invalid: `time_regression`).
 */
function filterConditions(filter: AuditEventFilter, params: unknown[], alias = ''): string[] {
  const conditions: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  if (filter.actorId !== undefined) conditions.push(`${col('actor_id')} = ${param(filter.actorId)}`);
  if (filter.action !== undefined) conditions.push(`${col('action')} = ${param(filter.action)}`);
  if (filter.resourceType !== undefined)
    conditions.push(`${col('resource_type')} = ${param(filter.resourceType)}`);
  if (filter.resourceId !== undefined) conditions.push(`${col('resource_id')} = ${param(filter.resourceId)}`);
  if (filter.outcome !== undefined) {
    // Inlined (from a closed list) so the planner can match the partial index on rare outcomes.
    if (!AUDIT_OUTCOMES.includes(filter.outcome)) throw new Error(`unknown outcome ${filter.outcome}`);
    conditions.push(`${col('outcome')} = '${filter.outcome}'`);
  }
  for (const [bound, op] of [
    [filter.from, '>='],
    [filter.to, '<'],
  ] as const) {
    if (bound === undefined) continue;
    const at = param(bound);
    conditions.push(`${col('occurred_at')} ${op} ${at}`);
    conditions.push(
      `${col('seq')} ${op} COALESCE((SELECT s.seq FROM audit_events s WHERE s.occurred_at >= ${at} ORDER BY s.occurred_at, s.seq LIMIT 1), ${MAX_SEQ})`,
    );
  }
  return conditions;
}

const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

/** Reads of the append-only audit trail. Appends go through AuditRecorder only. */
@Injectable()
export class AuditEventsRepository {
  constructor(private readonly db: Database) {}

  async readHead(tx: Tx): Promise<ChainHead> {
    const rows: { seq: string; hash: string }[] = (
      await tx.query(`SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1`)
    ).rows;
    return { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  /** Newest first: up to `limit` events matching `filter` with seq below `beforeSeq`. */
  async findNewestFirst(
    tx: Tx,
    filter: AuditEventFilter,
    beforeSeq: number | null,
    limit: number,
  ): Promise<AuditEventRecord[]> {
    const params: unknown[] = [];
    const conditions = filterConditions(filter, params);
    if (beforeSeq !== null) conditions.push(`seq < $${params.push(beforeSeq)}`);
    const rows: EventRow[] = (
      await tx.query(
        `SELECT ${EVENT_COLUMNS} FROM audit_events ${where(conditions)} ORDER BY seq DESC LIMIT $${params.push(limit)}`,
        params,
      )
    ).rows;
    return rows.map(toRecord);
  }

  /**
   * Every event matching `filter` in chain order (ascending seq), in batches, through a server-side
   * cursor. Must run inside a transaction (a read snapshot). Duplicated seqs, if someone forced
   * them in, come through too, so verification sees them.
   */
  async *streamInChainOrder(
    tx: Tx,
    filter: AuditEventFilter = {},
    batchSize = CHAIN_STREAM_BATCH,
    afterSeq = 0,
  ): AsyncGenerator<AuditEventRecord[]> {
    const params: unknown[] = [];
    const conditions = filterConditions(filter, params);
    if (afterSeq > 0) conditions.push(`seq > $${params.push(afterSeq)}`);
    const sql = `SELECT ${EVENT_COLUMNS} FROM audit_events ${where(conditions)} ORDER BY seq`;
    for await (const rows of fetchInBatches<EventRow>(tx, sql, params, batchSize)) yield rows.map(toRecord);
  }

  /**
   * Staff reads of consultations (the report's read actions: the case, its messages) in [from, to), in seq order, each with the case's state just
   * before it as the trail itself tells it: the latest claim/assign (its assigneeId, else the
   * claimer); the status the read event recorded (`details.status`), else the one the latest
   * lifecycle event implies (create: submitted, claim/assign: assigned, transition: its `to`); and
   * who created it. Each lookup is one probe of the partial lifecycle index.
   */
  async *streamConsultationReads(
    tx: Tx,
    from: Date,
    to: Date,
    excludedRoles: readonly string[],
    batchSize = 5000,
  ): AsyncGenerator<ConsultationRead[]> {
    const params: unknown[] = [];
    const range = filterConditions({ outcome: 'success', from, to }, params, 'r');
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
    for await (const rows of fetchInBatches<Row>(tx, sql, params, batchSize)) {
      yield rows.map((row) => ({ ...row, seq: Number(row.seq) }));
    }
  }

  /**
   * Per actor and day (0 = the day just before `before`), successful consultation reads (the
   * report's read actions) over `days` days.
   */
  async dailyReadCounts(
    tx: Tx,
    actorIds: string[],
    before: Date,
    days: number,
  ): Promise<{ actorId: string; day: number; reads: number }[]> {
    if (actorIds.length === 0) return [];
    const params: unknown[] = [before, actorIds];
    const range = filterConditions(
      {
        outcome: 'success',
        from: new Date(before.getTime() - days * 86_400_000),
        to: before,
      },
      params,
    );
    range.push(`action = ANY($${params.push([...ACCESS_REPORT_RULES.readActions])}::text[])`);
    return (
      await tx.query(
        `SELECT actor_id::text AS "actorId", floor(extract(epoch FROM ($1::timestamptz - occurred_at)) / 86400)::int AS day,
              count(*)::int AS reads
       FROM audit_events
       WHERE ${range.join(' AND ')} AND resource_type = 'consultation' AND actor_id = ANY($2::uuid[])
       GROUP BY 1, 2`,
        params,
      )
    ).rows;
  }
}
