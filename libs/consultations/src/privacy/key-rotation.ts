import { DataSource, EntityManager } from 'typeorm';
import { CaseKeys } from '../keys/case-keys';
import { ConsultationKeyRepository, StoredKey } from '../keys/consultation-key.repository';
import { returnedRows } from '../shared/returned-rows';
import { DataKeyCipher } from './data-key';
import { bindingOf, ENCRYPTED_FIELDS, EncryptedField } from './encrypted-fields';
import { DecryptionError, FieldCipher } from '@app/platform';

export interface RotationReport {
  /** Per `table.column`: values moved from a master key (v1) to their request's data key (v2). */
  moved: Record<string, number>;
  /** Data keys re-wrapped with the current key of ENCRYPTION_KEYS. */
  rewrapped: number;
  /** Values or keys that could not be decrypted (tampered, moved, or under a key no longer configured). */
  failed: { field: string; rowId: string; reason: string }[];
}

export interface RotationOptions {
  batchSize?: number;
  onBatch?: (what: string, count: number) => void;
}

/** The SQL of moving values to data keys: reads v1 values, writes them back only if unchanged. */
export class EncryptedFieldRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Up to `limit` rows after `afterId` (id order) whose value is still under a master key (v1). */
  async findUnderMasterKey(
    field: EncryptedField,
    afterId: string | null,
    limit: number,
  ): Promise<{ id: string; consultationId: string; value: string }[]> {
    return this.manager.query(
      `SELECT id::text AS id, ${field.consultationColumn}::text AS "consultationId", ${field.column} AS value
       FROM ${field.table}
       WHERE ${field.column} IS NOT NULL AND left(${field.column}, 3) = 'v1.'
         AND ($1::uuid IS NULL OR id > $1::uuid)
       ORDER BY id LIMIT $2`,
      [afterId, limit],
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
 * `npm run keys:rotate`: first moves every value still encrypted under a master key (v1, written
 * before envelope encryption) to its request's own data key (v2), giving a request a key if it has
 * none; then re-wraps every data key not wrapped by the current (first) key of ENCRYPTION_KEYS.
 * Rotation is thus one short value per request, not every field. Batches of `batchSize` rows,
 * each its own short transaction: safe while the service runs, resumable after a crash (what is
 * done is not done again) and idempotent. What cannot be decrypted is reported, not changed.
 */
export async function rotateEncryptionKeys(
  dataSource: DataSource,
  master: FieldCipher,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const report: RotationReport = { moved: {}, rewrapped: 0, failed: [] };
  await moveToDataKeys(dataSource, master, report, options);
  await rewrapDataKeys(dataSource, master, report, options);
  return report;
}

async function moveToDataKeys(
  dataSource: DataSource,
  master: FieldCipher,
  report: RotationReport,
  options: RotationOptions,
): Promise<void> {
  const batchSize = options.batchSize ?? 500;
  const keys = new CaseKeys(master);
  for (const field of ENCRYPTED_FIELDS) {
    const name = `${field.table}.${field.column}`;
    report.moved[name] = 0;
    let afterId: string | null = null;
    for (;;) {
      const rows = await new EncryptedFieldRepository(dataSource.manager).findUnderMasterKey(
        field,
        afterId,
        batchSize,
      );
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1].id;
      const moved = await dataSource.transaction(async (m) => {
        // The requests' keys (new ones for requests that have none), opened once per batch.
        const requestIds = [...new Set(rows.map((row) => row.consultationId))];
        const stored = await new ConsultationKeyRepository(m).insertMissing(
          requestIds.map((id) => keys.create(id).stored),
        );
        const opened = new Map<string, DataKeyCipher | DecryptionError>(
          stored.map((key: StoredKey) => [key.consultationId, keys.open(key.consultationId, key.wrappedKey)]),
        );
        const changes: { id: string; from: string; to: string }[] = [];
        for (const row of rows) {
          const key = opened.get(row.consultationId);
          if (key === undefined) continue; // purged meanwhile: nothing left to move
          const binding = bindingOf(field, row.id);
          try {
            if (key instanceof DecryptionError) throw key;
            changes.push({
              id: row.id,
              from: row.value,
              to: key.encrypt(master.decrypt(row.value, binding), binding),
            });
          } catch (error) {
            if (!(error instanceof DecryptionError)) throw error;
            report.failed.push({ field: name, rowId: row.id, reason: error.reason });
          }
        }
        return changes.length > 0 ? new EncryptedFieldRepository(m).replace(field, changes) : 0;
      });
      report.moved[name] += moved;
      if (moved > 0) options.onBatch?.(name, moved);
    }
  }
}

async function rewrapDataKeys(
  dataSource: DataSource,
  master: FieldCipher,
  report: RotationReport,
  options: RotationOptions,
): Promise<void> {
  const batchSize = options.batchSize ?? 500;
  let afterId: string | null = null;
  for (;;) {
    const rows = await new ConsultationKeyRepository(dataSource.manager).findNotWrappedBy(
      master.currentKeyId,
      afterId,
      batchSize,
    );
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1].consultationId;
    const changes: { consultationId: string; from: string; to: string; keyId: string }[] = [];
    for (const row of rows) {
      let key: Buffer | undefined;
      try {
        key = master.unwrapKey(row.wrappedKey, row.consultationId);
        changes.push({
          consultationId: row.consultationId,
          from: row.wrappedKey,
          to: master.wrapKey(key, row.consultationId),
          keyId: master.currentKeyId,
        });
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        report.failed.push({
          field: 'consultation_keys.wrapped_key',
          rowId: row.consultationId,
          reason: error.reason,
        });
      } finally {
        key?.fill(0);
      }
    }
    if (changes.length > 0) {
      const rewrapped = await dataSource.transaction((m) => new ConsultationKeyRepository(m).rewrap(changes));
      report.rewrapped += rewrapped;
      options.onBatch?.('consultation_keys.wrapped_key', rewrapped);
    }
  }
}
