import { Tx, Database } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { SignedCheckpoint } from '../chain/checkpoint-signature';
import { fetchInBatches } from './read-snapshot';

const COLUMNS = `seq, head_hash AS "headHash", created_at AS "createdAt", signature, key_id AS "keyId"`;

type CheckpointRow = Omit<SignedCheckpoint, 'seq'> & { seq: string };
const toCheckpoint = (row: CheckpointRow): SignedCheckpoint => ({ ...row, seq: Number(row.seq) });

/** Signed checkpoints of the chain (append-only, like the events). */
@Injectable()
export class AuditCheckpointsRepository {
  constructor(private readonly db: Database) {}

  async findLatest(tx: Tx): Promise<SignedCheckpoint | null> {
    const rows: CheckpointRow[] = (
      await tx.query(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`)
    ).rows;
    return rows.length ? toCheckpoint(rows[0]) : null;
  }

  /** Idempotent: a second writer of the same seq (another worker) changes nothing. */
  async insert(tx: Tx, checkpoint: SignedCheckpoint): Promise<boolean> {
    const rows: unknown[] = (
      await tx.query(
        `INSERT INTO audit_checkpoints (seq, head_hash, created_at, signature, key_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (seq) DO NOTHING RETURNING seq`,
        [checkpoint.seq, checkpoint.headHash, checkpoint.createdAt, checkpoint.signature, checkpoint.keyId],
      )
    ).rows;
    return rows.length === 1;
  }

  async findNewestFirst(tx: Tx, beforeSeq: number | null, limit: number): Promise<SignedCheckpoint[]> {
    const rows: CheckpointRow[] = (
      await tx.query(
        `SELECT ${COLUMNS} FROM audit_checkpoints WHERE ($1::bigint IS NULL OR seq < $1) ORDER BY seq DESC LIMIT $2`,
        [beforeSeq, limit],
      )
    ).rows;
    return rows.map(toCheckpoint);
  }

  /** Every checkpoint in seq order, in batches (inside a read snapshot). */
  async *streamInChainOrder(tx: Tx, batchSize = 1000): AsyncGenerator<SignedCheckpoint[]> {
    const sql = `SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq`;
    for await (const rows of fetchInBatches<CheckpointRow>(tx, sql, [], batchSize))
      yield rows.map(toCheckpoint);
  }
}
