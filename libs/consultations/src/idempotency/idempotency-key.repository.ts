import { Injectable } from '@nestjs/common';
import { Database, Tx } from '@app/platform';

export interface StoredIdempotencyKey {
  requestHash: string;
  consultationId: string;
}

/**
 * Intake idempotency keys, per user. A key row holds the request body's hash and the id of the
 * consultation it created; a replay re-reads that consultation, so no case text is kept here.
 */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(private readonly db: Database) {}

  /**
   * Takes the key for this request, or reports that it is taken. A concurrent request with the
   * same key waits on the unique key until the first commits, then finds it taken (or takes it
   * if the first rolled back). An expired key is taken over. The consultation row is inserted
   * later in the same transaction (the foreign key is deferred to commit).
   */
  async claim(
    tx: Tx,
    key: { userId: string; key: string; requestHash: string; consultationId: string; ttlSeconds: number },
  ): Promise<boolean> {
    const rows: unknown[] = (
      await tx.query(
        `INSERT INTO consultation_idempotency_keys AS k (user_id, key, request_hash, consultation_id, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, consultation_id = EXCLUDED.consultation_id,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE k.expires_at <= now()
       RETURNING k.key`,
        [key.userId, key.key, key.requestHash, key.consultationId, key.ttlSeconds],
      )
    ).rows;
    return rows.length === 1;
  }

  async find(tx: Tx, userId: string, key: string): Promise<StoredIdempotencyKey | null> {
    const rows: StoredIdempotencyKey[] = (
      await tx.query(
        `SELECT request_hash AS "requestHash", consultation_id AS "consultationId"
       FROM consultation_idempotency_keys WHERE user_id = $1 AND key = $2 AND expires_at > now()`,
        [userId, key],
      )
    ).rows;
    return rows[0] ?? null;
  }

  /** Deletes expired keys, at most `batch` at a time; returns how many went. */
  async deleteExpired(tx: Tx, batch = 1000): Promise<number> {
    const rows = (
      await tx.query<unknown>(
        `DELETE FROM consultation_idempotency_keys WHERE ctid IN (
         SELECT ctid FROM consultation_idempotency_keys WHERE expires_at <= now() LIMIT $1)
       RETURNING 1`,
        [batch],
      )
    ).rows;
    return rows.length;
  }
}
