import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM encryption of single database fields (case text), with key rotation.
 *
 * Stored form: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, the last three base64url without padding.
 * The key id travels with the value so that any key in the ring can decrypt it, while new values
 * are always written with the first key: rotating means putting a new key first and re-encrypting
 * whatever `needsRotation` reports, then removing the old key.
 *
 * Each value is bound to where it lives (table, column, row id) as additional authenticated data:
 * a ciphertext copied into another row or column does not decrypt, so someone who can write the
 * database but not read the keys cannot move one case's text into another case.
 */

export type FieldBinding = { table: string; column: string; rowId: string };

export type DecryptionFailureReason =
  | 'malformed'
  | 'unsupported_version'
  | 'unknown_key'
  | 'authentication_failed'
  | 'data_key_missing'
  | 'data_key_unreadable';

/**
 * A value could not be decrypted. The message names the reason (and the key id, which is not
 * secret) but never the key, the plaintext or the ciphertext.
 */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';

  constructor(
    readonly reason: DecryptionFailureReason,
    readonly keyId?: string,
  ) {
    super(DecryptionError.describe(reason, keyId));
  }

  private static describe(reason: DecryptionFailureReason, keyId?: string): string {
    switch (reason) {
      case 'malformed':
        return 'Field decryption failed: the stored value is not in the v1.<keyId>.<iv>.<tag>.<ciphertext> form.';
      case 'unsupported_version':
        return 'Field decryption failed: the stored value has an unsupported format version.';
      case 'unknown_key':
        return `Field decryption failed: key "${keyId}" is not in ENCRYPTION_KEYS.`;
      case 'data_key_missing':
        return 'Field decryption failed: the request has no data key (it was purged, or the key row was removed).';
      case 'data_key_unreadable':
        return `Field decryption failed: the request's data key cannot be unwrapped with key "${keyId}".`;
      case 'authentication_failed':
        return (
          `Field decryption failed with key "${keyId}": the value was altered, belongs to another ` +
          'row or column, or the key is not the one it was written with.'
        );
    }
  }
}

const FORMAT_VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Domain separation: these bytes can never be mistaken for AAD of another use of the same key. */
const AAD_CONTEXT = 'consult-intake/field/v1';
const WRAP_AAD_CONTEXT = 'consult-intake/data-key/v1';

/**
 * Key material lives here, outside the ring object, so that logging, inspecting or serialising a
 * KeyRing (or a FieldCipher holding one) can never print a key.
 */
const keyMaterial = new WeakMap<KeyRing, ReadonlyMap<string, Buffer>>();

/** The keys from ENCRYPTION_KEYS: the first encrypts new values, all of them decrypt. */
export class KeyRing {
  /** Key ids in configuration order; the first one is current. */
  readonly keyIds: readonly string[];

  /** Build with `parseEncryptionKeys`; the constructor copies the keys it is given. */
  constructor(keys: ReadonlyArray<{ id: string; key: Uint8Array }>) {
    if (keys.length === 0) throw new Error('A key ring needs at least one key.');
    const material = new Map<string, Buffer>();
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id))
        throw new Error('A key id must be 1 to 32 characters of A-Z, a-z, 0-9, "_" or "-".');
      if (material.has(id)) throw new Error(`Key id "${id}" appears more than once.`);
      if (key.length !== KEY_BYTES) throw new Error(`Key "${id}" must be exactly ${KEY_BYTES} bytes.`);
      material.set(id, Buffer.from(key));
    }
    this.keyIds = Object.freeze([...material.keys()]);
    keyMaterial.set(this, material);
    Object.freeze(this);
  }

  get currentKeyId(): string {
    return this.keyIds[0];
  }

  has(keyId: string): boolean {
    return this.keyIds.includes(keyId);
  }

  toJSON(): { keyIds: readonly string[] } {
    return { keyIds: this.keyIds };
  }
}

/**
 * Parses `keyId:base64key,keyId2:base64key2`. Each key is 32 bytes in base64 (or base64url),
 * padding optional; ids are 1 to 32 of `A-Za-z0-9_-` and unique. Whitespace around entries is
 * ignored. Errors name the entry by position and id, never by its key.
 */
export function parseEncryptionKeys(spec: string): KeyRing {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new Error('ENCRYPTION_KEYS is empty: expected keyId:base64key[,keyId:base64key...].');
  }
  const entries = spec.split(',').map((entry) => entry.trim());
  const keys: Array<{ id: string; key: Buffer }> = [];
  const seen = new Set<string>();

  entries.forEach((entry, index) => {
    const where = `ENCRYPTION_KEYS entry ${index + 1}`;
    if (entry === '') throw new Error(`${where} is empty (stray comma?).`);
    const colon = entry.indexOf(':');
    if (colon < 0) throw new Error(`${where} is not in the form keyId:base64key.`);
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    // The id is not echoed when invalid: a swapped "key:id" entry would otherwise print the key.
    if (!KEY_ID.test(id)) {
      throw new Error(`${where} has an invalid key id: use 1 to 32 characters of A-Z, a-z, 0-9, "_" or "-".`);
    }
    if (seen.has(id)) throw new Error(`${where}: key id "${id}" appears more than once.`);
    seen.add(id);
    const key = decodeBase64Key(encoded);
    if (key === null) throw new Error(`${where} (key "${id}") is not valid base64.`);
    if (key.length !== KEY_BYTES) {
      throw new Error(
        `${where} (key "${id}") decodes to ${key.length} bytes; it must be exactly ${KEY_BYTES}.`,
      );
    }
    keys.push({ id, key });
  });

  const ring = new KeyRing(keys);
  for (const { key } of keys) key.fill(0);
  return ring;
}

export class FieldCipher {
  readonly #ring: KeyRing;

  constructor(ring: KeyRing) {
    if (!(ring instanceof KeyRing) || !keyMaterial.has(ring)) {
      throw new Error('FieldCipher needs a KeyRing from parseEncryptionKeys.');
    }
    this.#ring = ring;
  }

  /** The key id new values are written with. */
  get currentKeyId(): string {
    return this.#ring.currentKeyId;
  }

  /**
   * Encrypts with the current key and a fresh random IV. Strings are encoded as UTF-8; a lone
   * surrogate (not valid Unicode) becomes U+FFFD, as Node's UTF-8 encoder does everywhere.
   */
  encrypt(plaintext: string, aad: FieldBinding): string {
    if (typeof plaintext !== 'string') throw new TypeError('FieldCipher.encrypt expects a string.');
    const keyId = this.#ring.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(keyId, aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT_VERSION, keyId, b64url(iv), b64url(tag), b64url(ciphertext)].join('.');
  }

  /** Decrypts a value written by `encrypt` for the same binding; throws DecryptionError otherwise. */
  decrypt(ciphertext: string, aad: FieldBinding): string {
    const binding = associatedDataFor(aad);
    const stored = parseOrThrow(ciphertext);
    if (!this.#ring.has(stored.keyId)) throw new DecryptionError('unknown_key', stored.keyId);
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key(stored.keyId), stored.iv, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(binding(stored.keyId));
      decipher.setAuthTag(stored.tag);
      return Buffer.concat([decipher.update(stored.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // Node's message ("Unsupported state or unable to authenticate data") says nothing useful,
      // and the original error is dropped so that no buffer contents can ride along in a log.
      throw new DecryptionError('authentication_failed', stored.keyId);
    }
  }

  /**
   * Wraps a request's data key (envelope encryption, data-key.ts) with the current key: the same
   * v1 form as a field, bound to the request's id under its own AAD context, so a wrapped key can
   * neither be taken for a field nor moved to another request.
   */
  wrapKey(dataKey: Buffer, consultationId: string): string {
    const keyId = this.#ring.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(wrappedKeyAad(keyId, consultationId));
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return [FORMAT_VERSION, keyId, b64url(iv), b64url(cipher.getAuthTag()), b64url(ciphertext)].join('.');
  }

  /** The data key `wrapKey` wrapped for `consultationId`; throws DecryptionError otherwise. */
  unwrapKey(wrapped: string, consultationId: string): Buffer {
    const stored = parseOrThrow(wrapped);
    if (!this.#ring.has(stored.keyId)) throw new DecryptionError('unknown_key', stored.keyId);
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key(stored.keyId), stored.iv, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(wrappedKeyAad(stored.keyId, consultationId));
      decipher.setAuthTag(stored.tag);
      const key = Buffer.concat([decipher.update(stored.ciphertext), decipher.final()]);
      if (key.length !== KEY_BYTES) throw new Error('wrong length');
      return key;
    } catch {
      throw new DecryptionError('authentication_failed', stored.keyId);
    }
  }

  /** The key id a stored value (field or wrapped key) names; throws DecryptionError when malformed. */
  keyIdOf(value: string): string {
    return parseOrThrow(value).keyId;
  }

  /**
   * True when the value was written with another key than the current one (including a key no
   * longer in the ring). Throws DecryptionError for a value that is not a ciphertext at all.
   */
  needsRotation(ciphertext: string): boolean {
    return parseOrThrow(ciphertext).keyId !== this.#ring.currentKeyId;
  }

  toJSON(): { currentKeyId: string } {
    return { currentKeyId: this.currentKeyId };
  }

  #key(keyId: string): Buffer {
    const key = keyMaterial.get(this.#ring)?.get(keyId);
    if (!key) throw new DecryptionError('unknown_key', keyId);
    return key;
  }
}

type StoredValue = { keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer };

function parseOrThrow(value: string): StoredValue {
  if (typeof value === 'string' && value.startsWith('v') && !value.startsWith(`${FORMAT_VERSION}.`)) {
    const version = value.split('.', 1)[0];
    if (/^v\d+$/.test(version)) throw new DecryptionError('unsupported_version');
  }
  const stored = typeof value === 'string' ? parseStored(value) : null;
  if (stored === null) throw new DecryptionError('malformed');
  return stored;
}

function parseStored(value: string): StoredValue | null {
  const parts = value.split('.');
  if (parts.length !== 5) return null;
  const [version, keyId, iv, tag, ciphertext] = parts;
  if (version !== FORMAT_VERSION || !KEY_ID.test(keyId)) return null;
  if (![iv, tag, ciphertext].every((part) => BASE64URL.test(part))) return null;
  const stored = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
  if (stored.iv.length !== IV_BYTES || stored.tag.length !== TAG_BYTES) return null;
  // Reject non-canonical encodings so that one ciphertext has exactly one stored form.
  if (b64url(stored.iv) !== iv || b64url(stored.tag) !== tag || b64url(stored.ciphertext) !== ciphertext)
    return null;
  return stored;
}

/**
 * The binding as AAD: an unambiguous encoding (a JSON array, so "a.b"+"c" differs from "a"+"b.c")
 * of a context label, the key id and the field's location. Invalid bindings are programming
 * errors, reported as plain Errors before any cryptography.
 */
function associatedDataFor(aad: FieldBinding): (keyId: string) => Buffer {
  if (aad === null || typeof aad !== 'object')
    throw new TypeError('A field binding { table, column, rowId } is required.');
  const { table, column, rowId } = aad;
  for (const [name, part] of [
    ['table', table],
    ['column', column],
    ['rowId', rowId],
  ] as const) {
    if (typeof part !== 'string' || part.length === 0) {
      throw new TypeError(`The field binding's ${name} must be a non-empty string.`);
    }
  }
  return (keyId) => Buffer.from(JSON.stringify([AAD_CONTEXT, keyId, table, column, rowId]), 'utf8');
}

function wrappedKeyAad(keyId: string, consultationId: string): Buffer {
  if (typeof consultationId !== 'string' || consultationId.length === 0)
    throw new TypeError('A wrapped key is bound to a non-empty consultation id.');
  return Buffer.from(JSON.stringify([WRAP_AAD_CONTEXT, keyId, consultationId]), 'utf8');
}

function associatedData(keyId: string, aad: FieldBinding): Buffer {
  return associatedDataFor(aad)(keyId);
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** Strict base64 or base64url (padding optional); null when anything else is in the string. */
function decodeBase64Key(encoded: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) return null;
  const unpadded = encoded.replace(/=+$/, '');
  if (/[+/]/.test(unpadded) && /[_-]/.test(unpadded)) return null;
  if (unpadded.length % 4 === 1) return null;
  const normalised = unpadded.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Buffer.from(normalised, 'base64');
  // Canonical check: the bytes must encode back to the same characters (no stray trailing bits).
  if (bytes.toString('base64').replace(/=+$/, '') !== normalised) return null;
  return bytes;
}
