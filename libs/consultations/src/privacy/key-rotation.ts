import { Database, DecryptionError, FieldCipher } from '@app/platform';
import { CaseKeys } from '../keys/case-keys';
import { ConsultationKeyRepository, StoredKey } from '../keys/consultation-key.repository';
import { DataKeyCipher } from './data-key';
import { EncryptedFieldRepository } from './encrypted-field.repository';
import { bindingOf, ENCRYPTED_FIELDS } from './encrypted-fields';

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

/**
 * `npm run keys:rotate`: first moves every value still encrypted under a master key (v1, written
 * before envelope encryption) to its request's own data key (v2), giving a request a key if it has
 * none; then re-wraps every data key not wrapped by the current (first) key of ENCRYPTION_KEYS.
 * Rotation is thus one short value per request, not every field. Batches of `batchSize` rows,
 * each its own short transaction: safe while the service runs, resumable after a crash (what is
 * done is not done again) and idempotent. What cannot be decrypted is reported, not changed.
 */
export async function rotateEncryptionKeys(
  db: Database,
  master: FieldCipher,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const report: RotationReport = { moved: {}, rewrapped: 0, failed: [] };
  await moveToDataKeys(db, master, report, options);
  await rewrapDataKeys(db, master, report, options);
  return report;
}

async function moveToDataKeys(
  db: Database,
  master: FieldCipher,
  report: RotationReport,
  options: RotationOptions,
): Promise<void> {
  const batchSize = options.batchSize ?? 500;
  const keys = new CaseKeys(master);
  const keyRows = new ConsultationKeyRepository();
  const fieldRows = new EncryptedFieldRepository();
  for (const field of ENCRYPTED_FIELDS) {
    const name = `${field.table}.${field.column}`;
    report.moved[name] = 0;
    let afterId: string | null = null;
    for (;;) {
      const rows = await fieldRows.findUnderMasterKey(db, field, afterId, batchSize);
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1].id;
      const moved = await db.transaction(async (tx) => {
        // The requests' keys (new ones for requests that have none), opened once per batch.
        const requestIds = [...new Set(rows.map((row) => row.consultationId))];
        const stored = await keyRows.insertMissing(
          tx,
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
        return changes.length > 0 ? fieldRows.replace(tx, field, changes) : 0;
      });
      report.moved[name] += moved;
      if (moved > 0) options.onBatch?.(name, moved);
    }
  }
}

async function rewrapDataKeys(
  db: Database,
  master: FieldCipher,
  report: RotationReport,
  options: RotationOptions,
): Promise<void> {
  const batchSize = options.batchSize ?? 500;
  const keyRows = new ConsultationKeyRepository();
  let afterId: string | null = null;
  for (;;) {
    const rows = await keyRows.findNotWrappedBy(db, master.currentKeyId, afterId, batchSize);
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
      const rewrapped = await db.transaction((tx) => keyRows.rewrap(tx, changes));
      report.rewrapped += rewrapped;
      options.onBatch?.('consultation_keys.wrapped_key', rewrapped);
    }
  }
}
