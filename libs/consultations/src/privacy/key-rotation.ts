import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../shared/returned-rows';
import { bindingOf, ENCRYPTED_FIELDS, EncryptedField } from './encrypted-fields';
import { DecryptionError, FieldCipher } from './field-cipher';

export interface RotationReport {
  /** Per `table.column`: values re-encrypted with the current key. */
  rotated: Record<string, number>;
  /** Values that could not be decrypted (tampered, moved, or under a key no longer configured). */
  failed: { field: string; rowId: string; reason: string }[];
}

/** The SQL of key rotation: reads values not yet under a key, writes them back only if unchanged. */
export class EncryptedFieldRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Up to `limit` rows after `afterId` (id order) whose value is not under `currentKeyId`. */
  async findNotUnderKey(
    field: EncryptedField,
    currentKeyId: string,
    afterId: string | null,
    limit: number,
  ): Promise<{ id: string; value: string }[]> {
    const prefix = `v1.${currentKeyId}.`;
    return this.manager.query(
      `SELECT id::text AS id, ${field.column} AS value FROM ${field.table}
       WHERE ${field.column} IS NOT NULL AND left(${field.column}, length($1)) <> $1
         AND ($2::uuid IS NULL OR id > $2::uuid)
       ORDER BY id LIMIT $3`,
      [prefix, afterId, limit],
    );
  }

  /** Replaces each value only where it is still the one read (a concurrent edit wins). */
  async replace(field: EncryptedField, changes: { id: string; from: string; to: string }[]): Promise<number> {
    const rows = await returnedRows<unknown>(
      this.manager,
      `UPDATE ${field.table} t SET ${field.column} = v.to_value
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, from_value, to_value)
       WHERE t.id = v.id AND t.${field.column} = v.from_value
       RETURNING t.id`,
      [changes.map((c) => c.id), changes.map((c) => c.from), changes.map((c) => c.to)],
    );
    return rows.length;
  }
}

/**
 * Re-encrypts every encrypted value that is not under the current (first) key of ENCRYPTION_KEYS,
 * in batches of `batchSize` rows, each batch its own short transaction. Safe to run while the
 * service runs and to run again: values already under the current key are skipped, and a value
 * changed meanwhile is left to the next run. Values that cannot be decrypted are reported, not
 * changed.
 */
export async function rotateEncryptionKeys(
  dataSource: DataSource,
  cipher: FieldCipher,
  options: { batchSize?: number; onBatch?: (field: string, rotated: number) => void } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 500;
  const report: RotationReport = { rotated: {}, failed: [] };
  for (const field of ENCRYPTED_FIELDS) {
    const name = `${field.table}.${field.column}`;
    report.rotated[name] = 0;
    let afterId: string | null = null;
    for (;;) {
      const rows = await new EncryptedFieldRepository(dataSource.manager).findNotUnderKey(
        field,
        cipher.currentKeyId,
        afterId,
        batchSize,
      );
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1].id;
      const changes: { id: string; from: string; to: string }[] = [];
      for (const row of rows) {
        const binding = bindingOf(field, row.id);
        try {
          changes.push({
            id: row.id,
            from: row.value,
            to: cipher.encrypt(cipher.decrypt(row.value, binding), binding),
          });
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
          report.failed.push({ field: name, rowId: row.id, reason: error.reason });
        }
      }
      if (changes.length > 0) {
        const rotated = await dataSource.transaction((m) =>
          new EncryptedFieldRepository(m).replace(field, changes),
        );
        report.rotated[name] += rotated;
        options.onBatch?.(name, rotated);
      }
    }
  }
  return report;
}
