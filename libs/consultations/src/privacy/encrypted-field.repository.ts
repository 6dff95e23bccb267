import { Tx } from '@app/platform';
import { EncryptedField } from './encrypted-fields';

/**
 * The SQL of key rotation's move to data keys: reads values still under a master key (v1) and
 * writes them back only if unchanged. Holds no state: built with `new` by the rotation.
 */
export class EncryptedFieldRepository {
  /** Up to `limit` rows after `afterId` (id order) whose value is still under a master key (v1). */
  async findUnderMasterKey(
    tx: Tx,
    field: EncryptedField,
    afterId: string | null,
    limit: number,
  ): Promise<{ id: string; consultationId: string; value: string }[]> {
    const { rows } = await tx.query<{ id: string; consultationId: string; value: string }>(
      `SELECT id::text AS id, ${field.consultationColumn}::text AS "consultationId", ${field.column} AS value
       FROM ${field.table}
       WHERE ${field.column} IS NOT NULL AND left(${field.column}, 3) = 'v1.'
         AND ($1::uuid IS NULL OR id > $1::uuid)
       ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows;
  }

  /** Replaces each value only where it is still the one read (a concurrent edit wins). */
  async replace(
    tx: Tx,
    field: EncryptedField,
    changes: { id: string; from: string; to: string }[],
  ): Promise<number> {
    const { affected } = await tx.query(
      `UPDATE ${field.table} t SET ${field.column} = v.to_value
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, from_value, to_value)
       WHERE t.id = v.id AND t.${field.column} = v.from_value`,
      [changes.map((c) => c.id), changes.map((c) => c.from), changes.map((c) => c.to)],
    );
    return affected;
  }
}
