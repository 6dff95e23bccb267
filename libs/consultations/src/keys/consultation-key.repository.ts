import { SqlRunner } from '@app/platform';
import { EntityManager } from 'typeorm';
import { returnedRows } from '../shared/returned-rows';

export interface StoredKey {
  consultationId: string;
  wrappedKey: string;
  wrappingKeyId: string;
}

/**
 * consultation_keys: one wrapped data key per request (envelope encryption). The row is deleted
 * with its request (ON DELETE CASCADE), which is what makes a purged request's ciphertext
 * unreadable wherever a copy of it survives.
 */
export class ConsultationKeyRepository {
  constructor(private readonly manager: SqlRunner) {}

  /**
   * Stores a key for each request that has none yet and still exists; returns the key each of
   * `ids` has now (a concurrent writer's, if it won). Requests that no longer exist are left out.
   */
  async insertMissing(keys: StoredKey[]): Promise<StoredKey[]> {
    if (keys.length === 0) return [];
    await this.manager.query(
      `INSERT INTO consultation_keys (consultation_id, wrapped_key, wrapping_key_id)
       SELECT v.id, v.wrapped_key, v.key_id
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, wrapped_key, key_id)
       WHERE EXISTS (SELECT 1 FROM consultations c WHERE c.id = v.id)
       ON CONFLICT (consultation_id) DO NOTHING`,
      [keys.map((k) => k.consultationId), keys.map((k) => k.wrappedKey), keys.map((k) => k.wrappingKeyId)],
    );
    return this.find(keys.map((k) => k.consultationId));
  }

  async find(ids: string[]): Promise<StoredKey[]> {
    return this.manager.query(
      `SELECT consultation_id::text AS "consultationId", wrapped_key AS "wrappedKey", wrapping_key_id AS "wrappingKeyId"
       FROM consultation_keys WHERE consultation_id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Up to `limit` keys after `afterId` (id order) not wrapped by `currentKeyId`. */
  async findNotWrappedBy(currentKeyId: string, afterId: string | null, limit: number): Promise<StoredKey[]> {
    return this.manager.query(
      `SELECT consultation_id::text AS "consultationId", wrapped_key AS "wrappedKey", wrapping_key_id AS "wrappingKeyId"
       FROM consultation_keys
       WHERE wrapping_key_id <> $1 AND ($2::uuid IS NULL OR consultation_id > $2::uuid)
       ORDER BY consultation_id LIMIT $3`,
      [currentKeyId, afterId, limit],
    );
  }

  /** Replaces each wrapped key only where it is still the one read; returns how many changed. */
  async rewrap(
    changes: { consultationId: string; from: string; to: string; keyId: string }[],
  ): Promise<number> {
    if (changes.length === 0) return 0;
    const rows = await returnedRows<unknown>(
      this.manager as EntityManager,
      `UPDATE consultation_keys k SET wrapped_key = v.to_value, wrapping_key_id = v.key_id
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, from_value, to_value, key_id)
       WHERE k.consultation_id = v.id AND k.wrapped_key = v.from_value
       RETURNING k.consultation_id`,
      [
        changes.map((c) => c.consultationId),
        changes.map((c) => c.from),
        changes.map((c) => c.to),
        changes.map((c) => c.keyId),
      ],
    );
    return rows.length;
  }
}
