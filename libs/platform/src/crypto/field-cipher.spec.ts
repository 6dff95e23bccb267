import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  DecryptionError,
  FieldBinding,
  FieldCipher,
  KeyRing,
  parseEncryptionKeys,
} from './field-cipher';

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');
const ROW: FieldBinding = {
  table: 'consultations',
  column: 'summary',
  rowId: '6f1c7f4e-1f7e-4c1d-9a53-0d3f0c1b2a11',
};

function cipherWith(spec: string): FieldCipher {
  return new FieldCipher(parseEncryptionKeys(spec));
}

/** Replaces one base64url segment of a stored value, decoding and re-encoding it. */
function withSegment(stored: string, index: number, change: (bytes: Buffer) => Buffer): string {
  const parts = stored.split('.');
  parts[index] = change(Buffer.from(parts[index], 'base64url')).toString('base64url');
  return parts.join('.');
}

function flipFirstBit(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[0] ^= 0x01;
  return copy;
}

function decryptionFailure(run: () => unknown): DecryptionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DecryptionError);
    return error as DecryptionError;
  }
  throw new Error('expected a DecryptionError');
}

function thrownMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('parseEncryptionKeys', () => {
  it('makes the first key current and keeps every key id in order', () => {
    const ring = parseEncryptionKeys(`k2026:${NEW_KEY}, k2025:${OLD_KEY}`);
    expect(ring.currentKeyId).toBe('k2026');
    expect(ring.keyIds).toEqual(['k2026', 'k2025']);
    expect(ring.has('k2025')).toBe(true);
    expect(ring.has('k2024')).toBe(false);
  });

  it('accepts base64url and unpadded keys', () => {
    const bytes = randomBytes(32);
    const ring = parseEncryptionKeys(
      `a:${bytes.toString('base64url')},b:${bytes.toString('base64').replace(/=+$/, '')}`,
    );
    expect(ring.keyIds).toEqual(['a', 'b']);
  });

  it.each([
    ['an empty spec', '', /empty/],
    ['only spaces', '   ', /empty/],
    ['a stray comma', `a:${OLD_KEY},`, /entry 2 is empty/],
    ['no colon', OLD_KEY, /entry 1 is not in the form keyId:base64key/],
    ['an empty key id', `:${OLD_KEY}`, /entry 1 has an invalid key id/],
    ['a key id with a dot', `a.b:${OLD_KEY}`, /invalid key id/],
    ['a key id of 33 characters', `${'a'.repeat(33)}:${OLD_KEY}`, /invalid key id/],
    ['a duplicate key id', `a:${OLD_KEY},a:${NEW_KEY}`, /entry 2: key id "a" appears more than once/],
    [
      'a 16-byte key',
      `a:${randomBytes(16).toString('base64')}`,
      /decodes to 16 bytes; it must be exactly 32/,
    ],
    ['a 33-byte key', `a:${randomBytes(33).toString('base64')}`, /decodes to 33 bytes/],
    ['an empty key', 'a:', /not valid base64/],
    ['a key with invalid characters', `a:${OLD_KEY.slice(0, 40)}!!!=`, /not valid base64/],
    ['a key mixing base64 alphabets', 'a:+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+_-', /not valid base64/],
  ])('rejects %s', (_what, spec, message) => {
    expect(() => parseEncryptionKeys(spec)).toThrow(message);
  });

  it('never puts key material in an error message', () => {
    const secret = randomBytes(32).toString('base64');
    const shortSecret = randomBytes(16).toString('base64');
    const specs = [
      `${secret}:k1`, // swapped id and key
      secret,
      `k1:${secret},k1:${secret}`,
      `k1:${shortSecret}`,
      `k1:${secret}#`,
      `k1:${secret},,`,
    ];
    for (const spec of specs) {
      const message = thrownMessage(() => parseEncryptionKeys(spec));
      expect(message).not.toContain(secret);
      expect(message).not.toContain(secret.slice(0, 12));
      expect(message).not.toContain(shortSecret.slice(0, 12));
    }
  });

  it('does not reveal keys when the ring is logged, inspected or serialised', () => {
    const bytes = randomBytes(32);
    const ring = parseEncryptionKeys(`k1:${bytes.toString('base64')}`);
    const cipher = new FieldCipher(ring);
    const hex = bytes.toString('hex');
    for (const shown of [
      JSON.stringify(ring),
      inspect(ring, { showHidden: true, depth: 5 }),
      JSON.stringify(cipher),
      inspect(cipher, { showHidden: true, depth: 5 }),
    ]) {
      expect(shown).not.toContain(bytes.toString('base64'));
      expect(shown).not.toContain(hex.slice(0, 16));
      expect(shown).not.toMatch(/<Buffer/);
    }
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ keyIds: ['k1'] });
  });
});

describe('KeyRing', () => {
  it('copies the key bytes it is given, so later changes to the caller buffer do not matter', () => {
    const key = randomBytes(32);
    const ring = new KeyRing([{ id: 'k', key }]);
    const cipher = new FieldCipher(ring);
    const stored = cipher.encrypt('text', ROW);
    key.fill(0);
    expect(cipher.decrypt(stored, ROW)).toBe('text');
  });

  it('refuses an empty ring, bad ids, duplicates and wrong key lengths', () => {
    expect(() => new KeyRing([])).toThrow(/at least one key/);
    expect(() => new KeyRing([{ id: 'a b', key: randomBytes(32) }])).toThrow(/key id/);
    expect(
      () =>
        new KeyRing([
          { id: 'a', key: randomBytes(32) },
          { id: 'a', key: randomBytes(32) },
        ]),
    ).toThrow(/more than once/);
    expect(() => new KeyRing([{ id: 'a', key: randomBytes(31) }])).toThrow(/exactly 32 bytes/);
  });
});

describe('FieldCipher', () => {
  const cipher = cipherWith(`k1:${OLD_KEY}`);

  it('round-trips text', () => {
    const stored = cipher.encrypt('Mamman har blivit slagen vid flera tillfällen.', ROW);
    expect(cipher.decrypt(stored, ROW)).toBe('Mamman har blivit slagen vid flera tillfällen.');
  });

  it.each([
    ['empty text', ''],
    ['Swedish letters', 'Åsa, Östen och Ärla – ”citat”'],
    ['astral characters', 'emoji 😀 and 𝒜 and 👩🏽‍⚕️'],
    ['right-to-left and combining text', 'مرحبا e\u0301'],
    ['a NUL character and newlines', 'a\u0000b\r\nc'],
    ['long text', 'x'.repeat(100_000)],
  ])('round-trips %s', (_what, text) => {
    expect(cipher.decrypt(cipher.encrypt(text, ROW), ROW)).toBe(text);
  });

  it('writes the compact v1 form with the current key id, a 12-byte IV and a 16-byte tag', () => {
    const stored = cipher.encrypt('hello', ROW);
    const [version, keyId, iv, tag, body] = stored.split('.');
    expect(stored.split('.')).toHaveLength(5);
    expect(version).toBe('v1');
    expect(keyId).toBe('k1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(body, 'base64url')).toHaveLength(5);
    expect(stored).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(stored).not.toContain('hello');
    expect(cipher.currentKeyId).toBe('k1');
  });

  it('gives different ciphertexts (and IVs) for the same text', () => {
    const values = Array.from({ length: 50 }, () => cipher.encrypt('same text', ROW));
    expect(new Set(values).size).toBe(values.length);
    expect(new Set(values.map((v) => v.split('.')[2])).size).toBe(values.length);
  });

  it.each([
    ['another row', { ...ROW, rowId: '0b7a5b8e-2f1f-4a9b-8c1e-3c2d1e0f9a88' }],
    ['another column', { ...ROW, column: 'subject' }],
    ['another table', { ...ROW, table: 'messages' }],
    [
      'a shifted boundary between table and column',
      { table: 'consultations.summary', column: 'x', rowId: ROW.rowId },
    ],
  ])('refuses a ciphertext moved to %s', (_where, binding: FieldBinding) => {
    const stored = cipher.encrypt('secret case text', ROW);
    const error = decryptionFailure(() => cipher.decrypt(stored, binding));
    expect(error.reason).toBe('authentication_failed');
  });

  it('keeps delimiters inside binding parts unambiguous', () => {
    const a = cipher.encrypt('t', { table: 'a"', column: 'b', rowId: 'c' });
    expect(() => cipher.decrypt(a, { table: 'a', column: '"b', rowId: 'c' })).toThrow(DecryptionError);
  });

  it.each([
    ['tag', 3],
    ['ciphertext', 4],
    ['IV', 2],
  ])('refuses a value whose %s was altered', (_part, index) => {
    const stored = cipher.encrypt('secret case text', ROW);
    const error = decryptionFailure(() => cipher.decrypt(withSegment(stored, index, flipFirstBit), ROW));
    expect(error.reason).toBe('authentication_failed');
    expect(error.keyId).toBe('k1');
  });

  it('refuses a value whose key id was switched to another key in the ring', () => {
    const both = cipherWith(`k1:${OLD_KEY},k2:${NEW_KEY}`);
    const stored = both.encrypt('secret', ROW).replace(/^v1\.k1\./, 'v1.k2.');
    expect(decryptionFailure(() => both.decrypt(stored, ROW)).reason).toBe('authentication_failed');
  });

  it('refuses a value written with a key id the ring does not know', () => {
    const stored = cipherWith(`retired:${NEW_KEY}`).encrypt('secret', ROW);
    const error = decryptionFailure(() => cipher.decrypt(stored, ROW));
    expect(error.reason).toBe('unknown_key');
    expect(error.keyId).toBe('retired');
    expect(error.message).toContain('"retired"');
  });

  it('refuses a value written with a different key under the same id', () => {
    const stored = cipherWith(`k1:${NEW_KEY}`).encrypt('secret', ROW);
    expect(decryptionFailure(() => cipher.decrypt(stored, ROW)).reason).toBe('authentication_failed');
  });

  it.each([
    ['plain text', 'not encrypted'],
    ['an empty string', ''],
    ['too few parts', 'v1.k1.aaaa.bbbb'],
    ['too many parts', `${'v1.k1.'}${'A'.repeat(16)}.${'A'.repeat(22)}.AA.extra`],
    ['a short IV', `v1.k1.AAAA.${'A'.repeat(22)}.AA`],
    ['a short tag', `v1.k1.${'A'.repeat(16)}.AAAA.AA`],
    ['standard base64 characters', `v1.k1.${'A'.repeat(15)}+.${'A'.repeat(22)}.AA`],
    ['padding', `v1.k1.${'A'.repeat(16)}.${'A'.repeat(22)}==.AA`],
    ['an invalid key id', `v1.k!.${'A'.repeat(16)}.${'A'.repeat(22)}.AA`],
  ])('reports %s as malformed', (_what, value) => {
    expect(decryptionFailure(() => cipher.decrypt(value, ROW)).reason).toBe('malformed');
  });

  it('reports a future format version as unsupported', () => {
    const stored = cipher.encrypt('x', ROW).replace(/^v1\./, 'v2.');
    expect(decryptionFailure(() => cipher.decrypt(stored, ROW)).reason).toBe('unsupported_version');
    expect(decryptionFailure(() => cipher.needsRotation(stored)).reason).toBe('unsupported_version');
  });

  it('never puts plaintext, ciphertext or key material in a decryption error', () => {
    const plaintext = 'Anna Andersson 811228-9874';
    const stored = cipher.encrypt(plaintext, ROW);
    const tampered = withSegment(stored, 4, flipFirstBit);
    for (const run of [
      () => cipher.decrypt(tampered, ROW),
      () => cipher.decrypt(stored, { ...ROW, rowId: 'other' }),
    ]) {
      const error = decryptionFailure(run);
      const shown = `${error.message} ${JSON.stringify(error)} ${inspect(error)}`;
      expect(shown).not.toContain('Anna');
      expect(shown).not.toContain(stored.split('.')[4]);
      expect(shown).not.toContain(OLD_KEY);
      expect(error.name).toBe('DecryptionError');
      expect(error).toBeInstanceOf(Error);
      expect(error.cause).toBeUndefined();
    }
  });

  it('treats an invalid binding as a programming error, before any decryption', () => {
    const stored = cipher.encrypt('x', ROW);
    expect(() => cipher.encrypt('x', { ...ROW, rowId: '' })).toThrow(TypeError);
    expect(() => cipher.decrypt(stored, { ...ROW, table: '' })).toThrow(TypeError);
    expect(() => cipher.decrypt(stored, null as unknown as FieldBinding)).toThrow(TypeError);
    expect(() => cipher.encrypt(42 as unknown as string, ROW)).toThrow(TypeError);
  });

  it('refuses to be built from something that is not a parsed key ring', () => {
    expect(() => new FieldCipher({ keyIds: ['k1'], currentKeyId: 'k1' } as unknown as KeyRing)).toThrow(
      /KeyRing/,
    );
  });
});

describe('FieldCipher key rotation', () => {
  const before = cipherWith(`k2025:${OLD_KEY}`);
  const after = cipherWith(`k2026:${NEW_KEY},k2025:${OLD_KEY}`);

  it('decrypts values written with the old key after a new key is put first', () => {
    const stored = before.encrypt('written last year', ROW);
    expect(after.decrypt(stored, ROW)).toBe('written last year');
  });

  it('writes new values with the new key, which the old ring cannot read', () => {
    const stored = after.encrypt('written this year', ROW);
    expect(stored.startsWith('v1.k2026.')).toBe(true);
    expect(after.currentKeyId).toBe('k2026');
    expect(decryptionFailure(() => before.decrypt(stored, ROW)).reason).toBe('unknown_key');
  });

  it('reports old-key values as needing rotation, and the re-encrypted value as not', () => {
    const old = before.encrypt('case text', ROW);
    expect(after.needsRotation(old)).toBe(true);
    expect(before.needsRotation(old)).toBe(false);
    const rotated = after.encrypt(after.decrypt(old, ROW), ROW);
    expect(after.needsRotation(rotated)).toBe(false);
    expect(after.decrypt(rotated, ROW)).toBe('case text');
  });

  it('reports a value under a key no longer in the ring as needing rotation', () => {
    expect(
      after.needsRotation(cipherWith(`k2020:${randomBytes(32).toString('base64')}`).encrypt('x', ROW)),
    ).toBe(true);
  });

  it('throws for needsRotation on a value that is not a ciphertext', () => {
    expect(decryptionFailure(() => after.needsRotation('plain text')).reason).toBe('malformed');
  });
});
