import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError, FieldBinding } from '@app/platform';

/**
 * Envelope encryption: every request has its own random 256-bit data key, and its case text
 * (summary, contact phone, override, transition and legal-hold reasons, messages and internal
 * notes) is encrypted with that key. The data key itself is stored only wrapped by the current key
 * of ENCRYPTION_KEYS (FieldCipher.wrapKey, table consultation_keys). So:
 * - rotating ENCRYPTION_KEYS re-wraps one short value per request instead of re-encrypting every
 *   field (key-rotation.ts);
 * - purging a request deletes its key row, after which every copy of its ciphertext anywhere
 *   (a dead tuple, a WAL segment, a backup taken after the master key that wrapped it is retired)
 *   is unreadable.
 *
 * Stored form: `v2.<iv>.<tag>.<ciphertext>` (base64url, no padding). AES-256-GCM with the same
 * associated-data binding as v1: a context label and the field's table, column and row id, so a
 * ciphertext moved to another row or column does not decrypt; moved to another request it meets
 * another key.
 */

export const DATA_KEY_FORMAT = 'v2';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD_CONTEXT = 'consult-intake/field/v2';
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A fresh random data key. */
export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Whether a stored value was written with a request's data key (v2), not a master key (v1). */
export function isDataKeyCiphertext(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${DATA_KEY_FORMAT}.`);
}

/**
 * AES-256-GCM with one request's data key. Holds the key in a private field only (never
 * serialised, logged or inspected); made per service call from the wrapped key and dropped with it.
 */
export class DataKeyCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
      throw new Error(`A data key must be exactly ${KEY_BYTES} bytes.`);
    }
    this.#key = Buffer.from(key);
  }

  encrypt(plaintext: string, binding: FieldBinding): string {
    if (typeof plaintext !== 'string') throw new TypeError('DataKeyCipher.encrypt expects a string.');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(binding));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [DATA_KEY_FORMAT, b64url(iv), b64url(cipher.getAuthTag()), b64url(ciphertext)].join('.');
  }

  /** Throws DecryptionError (`malformed`, `authentication_failed`) when it cannot. */
  decrypt(stored: string, binding: FieldBinding): string {
    const aad = associatedData(binding);
    const parts = typeof stored === 'string' ? stored.split('.') : [];
    if (
      parts.length !== 4 ||
      parts[0] !== DATA_KEY_FORMAT ||
      !parts.slice(1).every((p) => BASE64URL.test(p))
    ) {
      throw new DecryptionError('malformed');
    }
    const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError('malformed');
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError('authentication_failed');
    }
  }

  toJSON(): Record<string, never> {
    return {};
  }
}

function associatedData(binding: FieldBinding): Buffer {
  if (binding === null || typeof binding !== 'object')
    throw new TypeError('A field binding { table, column, rowId } is required.');
  const { table, column, rowId } = binding;
  for (const part of [table, column, rowId]) {
    if (typeof part !== 'string' || part.length === 0)
      throw new TypeError('A field binding needs a non-empty table, column and rowId.');
  }
  return Buffer.from(JSON.stringify([AAD_CONTEXT, table, column, rowId]), 'utf8');
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}
