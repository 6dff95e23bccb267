import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx';
import { QueueName } from '../queue/queue-names';

/** A job to write into the outbox (what OutboxService makes of an OutboxMessage). */
export interface NewOutboxRow {
  queue: QueueName;
  jobName: string;
  /** null: a random id. */
  jobId: string | null;
  payload: unknown;
  /** null: now. */
  runAt: Date | null;
}

/** A row due for publishing, as the relay reads it. */
export interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: string;
  job_id: string;
  payload: unknown;
  run_at: Date;
}

/**
 * The outbox table: every statement that writes it (OutboxService enqueues through `insert`,
 * the relay claims and marks rows, housekeeping and the request purge delete them).
 */
@Injectable()
export class OutboxRepository {
  async insert(tx: Tx, row: NewOutboxRow): Promise<void> {
    await tx.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
       VALUES ($1, $2, COALESCE($3, gen_random_uuid()::text), $4, COALESCE($5, now()))`,
      [row.queue, row.jobName, row.jobId, JSON.stringify(row.payload), row.runAt],
    );
  }

  /** Several rows in one statement (one round trip). */
  async insertMany(tx: Tx, rows: NewOutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
       SELECT q, n, COALESCE(j, gen_random_uuid()::text), p::jsonb, COALESCE(r, now())
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS m(q, n, j, p, r)`,
      [
        rows.map((r) => r.queue),
        rows.map((r) => r.jobName),
        rows.map((r) => r.jobId),
        rows.map((r) => JSON.stringify(r.payload)),
        rows.map((r) => r.runAt),
      ],
    );
  }

  /**
   * Up to `limit` unpublished rows, oldest first, locked until `tx` ends; rows another relay holds
   * are skipped, so two relays never publish one row twice.
   */
  async claimDue(tx: Tx, limit: number): Promise<OutboxRow[]> {
    const { rows } = await tx.query<OutboxRow>(
      `SELECT id, queue, job_name, job_id, payload, run_at FROM outbox
       WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows;
  }

  async markPublished(tx: Tx, ids: string[]): Promise<void> {
    await tx.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async markFailed(tx: Tx, ids: string[], error: string): Promise<void> {
    await tx.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`, [
      ids,
      error,
    ]);
  }

  /**
   * Deletes every row, published or not, whose payload names one of `values` under `field` (the
   * purge of a request takes its jobs with it).
   */
  async deleteByPayload(tx: Tx, field: string, values: string[]): Promise<void> {
    await tx.query(`DELETE FROM outbox WHERE payload->>$2 = ANY($1::text[])`, [values, field]);
  }

  /**
   * Deletes at most `batch` rows published more than `olderThanHours` ago, and returns how many
   * went. Unpublished rows are never touched, however old: they are jobs still to be delivered.
   */
  async deletePublished(
    tx: Tx,
    { olderThanHours, batch }: { olderThanHours: number; batch: number },
  ): Promise<number> {
    // The inner SELECT walks outbox_published_idx; a batch keeps each statement's locks short.
    const { affected } = await tx.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox
         WHERE published_at IS NOT NULL AND published_at < now() - make_interval(hours => $1)
         LIMIT $2)`,
      [olderThanHours, batch],
    );
    return affected;
  }
}
