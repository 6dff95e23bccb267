import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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
 * The WHERE clause of a filter, for this repository and for reports that query the trail in SQL
 * (libs/oversight), so the time-range-as-seq-range plan lives in one place. A time range becomes a seq range: `occurred_at` never decreases
 * along the chain (the recorder stamps it under the chain lock), so "from" is the first seq stamped
 * at or after `from` and "to" the first seq at or after `to`, each one probe of
 * (occurred_at, seq). Every page then is one backward range scan of a (filter, seq) index. The
 * occurred_at conditions stay too, so the answer is right even if that order were ever broken
 * (verification reports such a chain as invalid: `time_regression`).
 */
export function auditEventConditions(filter: AuditEventFilter, params: unknown[], alias = ''): string[] {
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
  constructor(private readonly dataSource: DataSource) {}

  async readHead(manager?: EntityManager): Promise<ChainHead> {
    const rows: { seq: string; hash: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1`,
    );
    return { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  /** Newest first: up to `limit` events matching `filter` with seq below `beforeSeq`. */
  async findNewestFirst(
    filter: AuditEventFilter,
    beforeSeq: number | null,
    limit: number,
    manager?: EntityManager,
  ): Promise<AuditEventRecord[]> {
    const params: unknown[] = [];
    const conditions = auditEventConditions(filter, params);
    if (beforeSeq !== null) conditions.push(`seq < $${params.push(beforeSeq)}`);
    const rows: EventRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${EVENT_COLUMNS} FROM audit_events ${where(conditions)} ORDER BY seq DESC LIMIT $${params.push(limit)}`,
      params,
    );
    return rows.map(toRecord);
  }

  /**
   * Every event matching `filter` in chain order (ascending seq), in batches, through a server-side
   * cursor. Must run inside a transaction (a read snapshot). Duplicated seqs, if someone forced
   * them in, come through too, so verification sees them.
   */
  async *streamInChainOrder(
    manager: EntityManager,
    filter: AuditEventFilter = {},
    batchSize = CHAIN_STREAM_BATCH,
    afterSeq = 0,
  ): AsyncGenerator<AuditEventRecord[]> {
    const params: unknown[] = [];
    const conditions = auditEventConditions(filter, params);
    if (afterSeq > 0) conditions.push(`seq > $${params.push(afterSeq)}`);
    const sql = `SELECT ${EVENT_COLUMNS} FROM audit_events ${where(conditions)} ORDER BY seq`;
    for await (const rows of fetchInBatches<EventRow>(manager, sql, params, batchSize))
      yield rows.map(toRecord);
  }
}
