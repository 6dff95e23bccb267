import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a checkpoint attests: the chain had this head at this seq, at this time. */
export interface CheckpointClaim {
  seq: number;
  headHash: string;
  createdAt: Date;
}

export interface SignedCheckpoint extends CheckpointClaim {
  signature: string;
  keyId: string;
}

const SIGNATURE_CONTEXT = 'consult-intake/audit-checkpoint/v1';
const KEY_ID_CONTEXT = 'consult-intake/audit-checkpoint/key-id';

/** AUDIT_SIGNING_KEY is base64 of 32 random bytes (validated at boot). */
export function decodeSigningKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('AUDIT_SIGNING_KEY must decode to exactly 32 bytes');
  return key;
}

/**
 * Names the key without revealing it: an HMAC of a fixed label, so an auditor can tell which key
 * signed a checkpoint (e.g. across a rotation) and nobody can work back to the key.
 */
export function checkpointKeyId(key: Buffer): string {
  return `hmac-${createHmac('sha256', key).update(KEY_ID_CONTEXT).digest('hex').slice(0, 16)}`;
}

/** The exact bytes signed; the time is part of the claim so an old signature cannot be re-dated. */
export function checkpointMessage(claim: CheckpointClaim): string {
  return `${SIGNATURE_CONTEXT}|${claim.seq}|${claim.headHash}|${claim.createdAt.toISOString()}`;
}

/** HMAC-SHA256 over `checkpointMessage`, hex. */
export function signCheckpoint(key: Buffer, claim: CheckpointClaim): SignedCheckpoint {
  const signature = createHmac('sha256', key).update(checkpointMessage(claim), 'utf8').digest('hex');
  return { ...claim, signature, keyId: checkpointKeyId(key) };
}

export type CheckpointSignatureCheck = 'valid' | 'unknown_key' | 'invalid';

/** Constant-time comparison; a checkpoint signed by another key is `unknown_key`, not silently valid. */
export function checkCheckpointSignature(
  key: Buffer,
  checkpoint: SignedCheckpoint,
): CheckpointSignatureCheck {
  if (checkpoint.keyId !== checkpointKeyId(key)) return 'unknown_key';
  if (Number.isNaN(checkpoint.createdAt.getTime())) return 'invalid';
  const expected = Buffer.from(signCheckpoint(key, checkpoint).signature, 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(checkpoint.signature) ? checkpoint.signature : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}
