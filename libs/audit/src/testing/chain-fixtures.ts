import fc from 'fast-check';
import { canonicalBody, ChainedFields, chainHash, GENESIS_HASH } from '../chain/canonical-encoding';
import type { ChainEvent } from '../chain/chain-verifier';

/** Test support: arbitrary event fields and correctly chained in-memory lists of events. */

export const ACTIONS = [
  'consultation.read',
  'consultation.create',
  'auth.login',
  'audit.read',
  'access.denied',
];

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

export const untimedFieldsArb = fc.record({
  actorId: optional(fc.uuid()),
  actorRole: fc.constantFrom('requester', 'investigator', 'supervisor', 'admin', 'system', 'anonymous'),
  action: fc.constantFrom(...ACTIONS),
  resourceType: fc.constantFrom('consultation', 'user', 'session', 'audit_event'),
  resourceId: optional(fc.uuid()),
  outcome: fc.constantFrom('success', 'denied', 'failure'),
  ip: optional(fc.ipV4()),
  userAgent: optional(fc.string({ maxLength: 40 })),
  requestId: optional(fc.uuid()),
  details: fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__proto__'),
    fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null)),
    { maxKeys: 3 },
  ),
});

/** Chains `fields` in order: seq 1.., times non-decreasing from `start`, each linked to the previous hash. */
export function buildChain(
  items: { fields: Omit<ChainedFields, 'occurredAt'>; gapMs: number }[],
  start = Date.UTC(2026, 10, 1, 8, 0, 0),
): ChainEvent[] {
  let prevHash = GENESIS_HASH;
  let time = start;
  return items.map(({ fields, gapMs }, i) => {
    time += gapMs;
    const seq = i + 1;
    const occurredAt = new Date(time);
    const hash = chainHash(seq, prevHash, canonicalBody({ ...fields, occurredAt }));
    const event: ChainEvent = { ...fields, occurredAt, seq, prevHash, hash };
    prevHash = hash;
    return event;
  });
}

export const chainArb = (minLength = 1, maxLength = 40) =>
  fc
    .array(fc.record({ fields: untimedFieldsArb, gapMs: fc.integer({ min: 0, max: 120_000 }) }), {
      minLength,
      maxLength,
    })
    .map((items) => buildChain(items));
