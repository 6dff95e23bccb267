import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { selectList, sqlIn } from '@app/platform';
import { type ConsultationTombstone, TOMBSTONE_INTERNAL_COLUMNS } from '../consultation/consultation.types';
import { FINISHED_STATUSES, type FinishedStatus } from '../workflow/consultation-status.machine';
import { ConsultationTombstoneEntity } from './consultation-tombstone.entity';
import { returnedRows } from '../shared/returned-rows';

/** A request due for purge, as `GET /retention/upcoming` lists it: no case text. */
export interface DueRequest {
  id: string;
  reference: string;
  status: FinishedStatus;
  priority: string | null;
  closedAt: Date;
  purgeDueAt: Date;
  /** When a legal hold was set (listed only when asked for): such a request is not purged. */
  legalHoldSince: Date | null;
}

const TOMBSTONE_COLUMNS = selectList(ConsultationTombstoneEntity, 't', {
  except: TOMBSTONE_INTERNAL_COLUMNS,
});
const FINISHED = sqlIn(FINISHED_STATUSES);

/**
 * The SQL of retention: which requests are due, and the purge itself. A request is due when it is
 * closed or withdrawn, ended before the cutoff, and has no legal hold (consultations_retention_idx).
 */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` requests due for purge, locked until the caller's transaction ends. SKIP LOCKED:
   * two purges at once take different requests; a request someone is changing right now (a reopen,
   * a legal hold) is left for the next run, and the conditions are read again under the lock.
   */
  async lockDue(
    cutoff: Date,
    limit: number,
    manager: EntityManager,
  ): Promise<{ id: string; status: string }[]> {
    return manager.query(
      `SELECT id, status FROM consultations
       WHERE status IN (${FINISHED}) AND legal_hold_since IS NULL AND closed_at < $1
       ORDER BY closed_at, id LIMIT $2
       FOR UPDATE SKIP LOCKED`,
      [cutoff, limit],
    );
  }

  /**
   * Purges the locked requests `ids`: their tombstones first, then every outbox row and mail record
   * that names one of them, then the requests, whose deletion cascades to everything that points to them (data key,
   * messages and internal notes, status history with reasons, idempotency keys, notifications, SLA
   * escalations). Returns the tombstones written.
   */
  async purge(ids: string[], manager: EntityManager): Promise<ConsultationTombstone[]> {
    if (ids.length === 0) return [];
    const tombstones = await returnedRows<ConsultationTombstone>(
      manager,
      `INSERT INTO consultation_tombstones AS t
         (id, reference, status, priority, concern_types, outcome, requester_id, first_assigned_at, created_at, closed_at)
       SELECT c.id, c.reference, c.status, c.priority, c.concern_types, c.outcome, c.requester_id, c.first_assigned_at,
              c.created_at, c.closed_at
       FROM consultations c WHERE c.id = ANY($1::uuid[])
       ON CONFLICT (id) DO NOTHING
       RETURNING ${TOMBSTONE_COLUMNS}`,
      [ids],
    );
    await manager.query(`DELETE FROM outbox WHERE payload->>'consultationId' = ANY($1::text[])`, [ids]);
    // Mail records name the request without a foreign key (those of its notifications cascade).
    await manager.query(`DELETE FROM mail_deliveries WHERE consultation_id = ANY($1::uuid[])`, [ids]);
    await manager.query(`DELETE FROM consultations WHERE id = ANY($1::uuid[])`, [ids]);
    return tombstones;
  }

  async findTombstone(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(ConsultationTombstone & { requesterId: string | null }) | null> {
    const rows = await manager.query(
      `SELECT ${TOMBSTONE_COLUMNS}, t.requester_id AS "requesterId" FROM consultation_tombstones t WHERE t.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Requests that will be due before `until` (ended before `until - retention`), soonest first,
   * strictly after `after` (keyset on (closed_at, id)). Fetches `limit` rows. With `includeHeld`,
   * requests under legal hold that would otherwise be due are listed too, with `legalHoldSince`.
   */
  async findUpcoming(
    endedBefore: Date,
    retentionDays: number,
    options: { after?: { closedAt: string; id: string }; includeHeld: boolean; limit: number },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DueRequest[]> {
    const { after, includeHeld, limit } = options;
    return manager.query(
      `SELECT id, reference, status, priority, closed_at AS "closedAt",
              closed_at + make_interval(days => $2) AS "purgeDueAt", legal_hold_since AS "legalHoldSince"
       FROM consultations
       WHERE status IN (${FINISHED}) AND ($6 OR legal_hold_since IS NULL) AND closed_at < $1
         AND ($3::timestamptz IS NULL OR (closed_at, id) > ($3::timestamptz, $4::uuid))
       ORDER BY closed_at, id LIMIT $5`,
      [endedBefore, retentionDays, after?.closedAt ?? null, after?.id ?? null, limit, includeHeld],
    );
  }
}
