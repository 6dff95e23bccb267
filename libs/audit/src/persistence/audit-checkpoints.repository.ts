import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SignedCheckpoint } from '../chain/checkpoint-signature';
import { fetchInBatches } from './read-snapshot';

const COLUMNS = `seq, head_hash AS "headHash", created_at AS "createdAt", signature, key_id AS "keyId"`;

type CheckpointRow = Omit<SignedCheckpoint, 'seq'> & { seq: string };
const toCheckpoint = (row: CheckpointRow): SignedCheckpoint => ({ ...row, seq: Number(row.seq) });

/** Signed checkpoints of the chain (append-only, like the events). */
@Injectable()
export class AuditCheckpointsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findLatest(manager?: EntityManager): Promise<SignedCheckpoint | null> {
    const rows: CheckpointRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`,
    );
    return rows.length ? toCheckpoint(rows[0]) : null;
  }

  /** Idempotent: a second writer of the same seq (another worker) changes nothing. */
  async insert(checkpoint: SignedCheckpoint, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_checkpoints (seq, head_hash, created_at, signature, key_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (seq) DO NOTHING RETURNING seq`,
      [checkpoint.seq, checkpoint.headHash, checkpoint.createdAt, checkpoint.signature, checkpoint.keyId],
    );
    return rows.length === 1;
  }

  async findNewestFirst(
    beforeSeq: number | null,
    limit: number,
    manager?: EntityManager,
  ): Promise<SignedCheckpoint[]> {
    const rows: CheckpointRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM audit_checkpoints WHERE ($1::bigint IS NULL OR seq < $1) ORDER BY seq DESC LIMIT $2`,
      [beforeSeq, limit],
    );
    return rows.map(toCheckpoint);
  }

  /** Every checkpoint in seq order, in batches (inside a read snapshot). */
  async *streamInChainOrder(manager: EntityManager, batchSize = 1000): AsyncGenerator<SignedCheckpoint[]> {
    const sql = `SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq`;
    for await (const rows of fetchInBatches<CheckpointRow>(manager, sql, [], batchSize))
      yield rows.map(toCheckpoint);
  }
}
