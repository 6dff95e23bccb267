import { Tx } from '@app/platform';

export interface StoredKey {
  consultationId: string;
  wrappedKey: string;
  wrappingKeyId: string;
}

/**
 * consultation_keys: one wrapped data key per request (envelope encryption). The row is deleted
 * with its request (ON DELETE CASCADE), which is what makes a purged request's ciphertext
 * unreadable wherever a copy of it survives. Holds no state: built with `new` by the key code.
 */
export class ConsultationKeyRepository {
  /**
   * Stores a key for each request that has none yet and still exists; returns the key each of
   * `ids` has now (a concurrent writer's, if it won). Requests that no longer exist are left out.
   */
  async insertMissing(tx: Tx, keys: StoredKey[]): Promise<StoredKey[]> {
    if (keys.length === 0) return [];
    await tx.query(
      `INSERT INTO consultation_keys (consultation_id, wrapped_key, wrapping_key_id)
       SELECT v.id, v.wrapped_key, v.key_id
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, wrapped_key, key_id)
       WHERE EXISTS (SELECT 1 FROM consultations c WHERE c.id = v.id)
       ON CONFLICT (consultation_id) DO NOTHING`,
      [keys.map((k) => k.consultationId), keys.map((k) => k.wrappedKey), keys.map((k) => k.wrappingKeyId)],
    );
    return this.find(
      tx,
      keys.map((k) => k.consultationId),
    );
  }

  async find(tx: Tx, ids: string[]): Promise<StoredKey[]> {
    const { rows } = await tx.query<StoredKey>(
      `SELECT consultation_id::text AS "consultationId", wrapped_key AS "wrappedKey", wrapping_key_id AS "wrappingKeyId"
       FROM consultation_keys WHERE consultation_id = ANY($1::uuid[])`,
      [ids],
    );
    return rows;
  }

  /** Up to `limit` keys after `afterId` (id order) not wrapped by `currentKeyId`. */
  async findNotWrappedBy(
    tx: Tx,
    currentKeyId: string,
    afterId: string | null,
    limit: number,
  ): Promise<StoredKey[]> {
    const { rows } = await tx.query<StoredKey>(
      `SELECT consultation_id::text AS "consultationId", wrapped_key AS "wrappedKey", wrapping_key_id AS "wrappingKeyId"
       FROM consultation_keys
       WHERE wrapping_key_id <> $1 AND ($2::uuid IS NULL OR consultation_id > $2::uuid)
       ORDER BY consultation_id LIMIT $3`,
      [currentKeyId, afterId, limit],
    );
    return rows;
  }

  /** Replaces each wrapped key only where it is still the one read; returns how many changed. */
  async rewrap(
    tx: Tx,
    changes: { consultationId: string; from: string; to: string; keyId: string }[],
  ): Promise<number> {
    if (changes.length === 0) return 0;
    const { affected } = await tx.query(
      `UPDATE consultation_keys k SET wrapped_key = v.to_value, wrapping_key_id = v.key_id
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, from_value, to_value, key_id)
       WHERE k.consultation_id = v.id AND k.wrapped_key = v.from_value`,
      [
        changes.map((c) => c.consultationId),
        changes.map((c) => c.from),
        changes.map((c) => c.to),
        changes.map((c) => c.keyId),
      ],
    );
    return affected;
  }
}
