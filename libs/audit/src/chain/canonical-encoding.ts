import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);
export const CHAIN_VERSION = 'v1';

/** The hashed fields of an audit event, exactly as stored. */
export interface ChainedFields {
  occurredAt: Date;
  actorId: string | null;
  actorRole: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order, so the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hashed fields except the time, which the database stamps under the chain lock. */
export type UntimedFields = Omit<ChainedFields, 'occurredAt'>;

function untimedValues(f: UntimedFields): unknown[] {
  return [
    f.actorId,
    f.actorRole,
    f.action,
    f.resourceType,
    f.resourceId,
    f.outcome,
    f.ip,
    f.userAgent,
    f.requestId,
    f.details,
  ];
}

/** The event body that is hashed, without seq and prev_hash (those are added by `chainHash`). */
export function canonicalBody(f: ChainedFields): string {
  return canonicalJson([f.occurredAt.toISOString(), ...untimedValues(f)]);
}

/**
 * The canonical body after its leading timestamp, i.e. what follows `["<ISO time>",`. The recorder
 * sends this and lets the database prepend the time it stamps while holding the chain lock, so
 * `occurred_at` never decreases along the chain; the result is byte-for-byte `canonicalBody`.
 */
export function canonicalBodyAfterTime(f: UntimedFields): string {
  return canonicalJson(untimedValues(f)).slice(1);
}

/**
 * hash = SHA-256(`v1|seq|prev_hash|body`) in hex. The database computes the same expression when
 * appending (see AuditRecorder), so this function and that SQL must stay in step.
 */
export function chainHash(seq: number | string, prevHash: string, body: string): string {
  return createHash('sha256').update(`${CHAIN_VERSION}|${seq}|${prevHash}|${body}`, 'utf8').digest('hex');
}
