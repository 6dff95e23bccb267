import { Injectable } from '@nestjs/common';
import { DecryptionError, FieldCipher, Tx } from '@app/platform';
import { DataKeyCipher, newDataKey } from '../privacy/data-key';
import { bindingOf, EncryptedField } from '../privacy/encrypted-fields';
import { ConsultationKeyRepository, StoredKey } from './consultation-key.repository';

/** A request's data key, opened for one service call, or why it could not be opened. */
export type OpenedKey = DataKeyCipher | DecryptionError;

/**
 * Makes, wraps and opens requests' data keys (envelope encryption, privacy/data-key.ts).
 * Nothing is cached beyond the call that asked: an opened key lives as long as the service call
 * that holds it, never in a process-wide cache, and is never logged.
 */
@Injectable()
export class CaseKeys {
  private readonly keyRows = new ConsultationKeyRepository();

  constructor(private readonly master: FieldCipher) {}

  /** A new key for a new request: the cipher to write with and the row to store. */
  create(consultationId: string): { cipher: DataKeyCipher; stored: StoredKey } {
    const key = newDataKey();
    try {
      return {
        cipher: new DataKeyCipher(key),
        stored: {
          consultationId,
          wrappedKey: this.master.wrapKey(key, consultationId),
          wrappingKeyId: this.master.currentKeyId,
        },
      };
    } finally {
      key.fill(0);
    }
  }

  /** The request's key from its stored wrapped form (null: it has none). */
  open(consultationId: string, wrappedKey: string | null): OpenedKey {
    if (wrappedKey === null) return new DecryptionError('data_key_missing');
    let key: Buffer | undefined;
    try {
      key = this.master.unwrapKey(wrappedKey, consultationId);
      return new DataKeyCipher(key);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      return new DecryptionError('data_key_unreadable', error.keyId);
    } finally {
      key?.fill(0);
    }
  }

  /**
   * The key to write a request's new text with, inside the caller's transaction: its stored key,
   * or a new one for a request filed before envelope encryption. Null when the stored key cannot
   * be opened (tampered, or wrapped by a key no longer configured): the caller then writes under
   * the master key (v1) so an urgent case stays workable, and the read side reports the problem.
   */
  async forWriting(tx: Tx, consultationId: string, wrappedKey: string | null): Promise<DataKeyCipher | null> {
    if (wrappedKey === null) {
      const created = this.create(consultationId);
      const [stored] = await this.keyRows.insertMissing(tx, [created.stored]);
      if (stored === undefined) return null;
      if (stored.wrappedKey === created.stored.wrappedKey) return created.cipher;
      wrappedKey = stored.wrappedKey;
    }
    const opened = this.open(consultationId, wrappedKey);
    return opened instanceof DataKeyCipher ? opened : null;
  }

  /** Encrypts case text for `field` of row `rowId`: under the request's key, or (null) the master key. */
  seal(key: DataKeyCipher | null, plaintext: string, field: EncryptedField, rowId: string): string {
    const binding = bindingOf(field, rowId);
    return key ? key.encrypt(plaintext, binding) : this.master.encrypt(plaintext, binding);
  }
}
