import fc from 'fast-check';
import { canonicalBody, canonicalBodyAfterTime, chainHash } from './canonical-encoding';
import { ChainEvent, ChainVerifier, ChainVerifierOptions } from './chain-verifier';
import { signCheckpoint } from './checkpoint-signature';
import { buildChain, chainArb, untimedFieldsArb } from '../testing/chain-fixtures';

const RUNS = { numRuns: 1000 };
const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);

function verify(events: ChainEvent[], options: ChainVerifierOptions = {}) {
  const verifier = new ChainVerifier(options);
  for (const event of events) verifier.add(event);
  return verifier.finish();
}

const headOf = (chain: ChainEvent[]) => ({ seq: chain.length, hash: chain[chain.length - 1].hash });

type Field = keyof ChainEvent;
const EDITABLE: Field[] = [
  'seq',
  'prevHash',
  'hash',
  'occurredAt',
  'actorId',
  'actorRole',
  'action',
  'resourceType',
  'resourceId',
  'outcome',
  'ip',
  'userAgent',
  'requestId',
  'details',
];

/** A value that differs from the original in what is hashed or linked. */
function edited(event: ChainEvent, field: Field, delta: number): ChainEvent {
  const copy = { ...event } as Record<string, unknown>;
  const value = copy[field];
  if (field === 'seq') copy.seq = event.seq + (delta === 0 ? 1 : delta);
  else if (field === 'occurredAt')
    copy.occurredAt = new Date(event.occurredAt.getTime() + (delta === 0 ? 1 : delta));
  else if (field === 'details') copy.details = { ...event.details, tampered: delta };
  else if (field === 'hash' || field === 'prevHash') {
    const s = value as string;
    copy[field] = (s[0] === 'a' ? 'b' : 'a') + s.slice(1);
  } else copy[field] = value === null ? 'x' : `${value as string}x`;
  return copy as unknown as ChainEvent;
}

describe('ChainVerifier', () => {
  it('accepts every untampered chain and reports its head', () => {
    fc.assert(
      fc.property(chainArb(0), (chain) => {
        const verdict = verify(chain, chain.length ? { expectedHead: headOf(chain) } : {});
        expect(verdict).toMatchObject({
          valid: true,
          checkedEvents: chain.length,
          firstInvalidSeq: null,
          reason: null,
        });
        expect(verdict.headSeq).toBe(chain.length);
      }),
      RUNS,
    );
  });

  it('detects any single edit of any field of any event, at that event', () => {
    fc.assert(
      fc.property(
        chainArb(),
        fc.nat(),
        fc.constantFrom(...EDITABLE),
        fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0),
        (chain, at, field, delta) => {
          const i = at % chain.length;
          const tampered = [...chain];
          tampered[i] = edited(chain[i], field, delta);
          const verdict = verify(tampered, { expectedHead: headOf(chain) });
          expect(verdict.valid).toBe(false);
          if (field !== 'seq') expect(verdict.firstInvalidSeq).toBe(i + 1);
        },
      ),
      RUNS,
    );
  });

  it('detects the deletion of any event, naming the missing seq', () => {
    fc.assert(
      fc.property(chainArb(), fc.nat(), (chain, at) => {
        const i = at % chain.length;
        const tampered = chain.filter((_, j) => j !== i);
        const verdict = verify(tampered, { expectedHead: headOf(chain) });
        expect(verdict.valid).toBe(false);
        expect(verdict.firstInvalidSeq).toBe(i + 1);
      }),
      RUNS,
    );
  });

  it('detects the insertion of any event anywhere, even one correctly hashed onto its predecessor', () => {
    fc.assert(
      fc.property(chainArb(), fc.nat(), untimedFieldsArb, fc.boolean(), (chain, at, fields, duplicate) => {
        const i = at % (chain.length + 1);
        const before = chain[i - 1];
        const forged: ChainEvent = duplicate
          ? { ...chain[at % chain.length] }
          : (() => {
              const seq = (before?.seq ?? 0) + 1;
              const prevHash = before?.hash ?? '0'.repeat(64);
              const occurredAt = before?.occurredAt ?? new Date(Date.UTC(2026, 0, 1));
              return {
                ...fields,
                occurredAt,
                seq,
                prevHash,
                hash: chainHash(seq, prevHash, canonicalBody({ ...fields, occurredAt })),
              };
            })();
        const tampered = [...chain.slice(0, i), forged, ...chain.slice(i)];
        expect(verify(tampered, { expectedHead: headOf(chain) }).valid).toBe(false);
      }),
      RUNS,
    );
  });

  it('detects any reorder: a swap of two events or a move of one', () => {
    fc.assert(
      fc.property(chainArb(2), fc.nat(), fc.nat(), fc.boolean(), (chain, a, b, swap) => {
        const i = a % chain.length;
        let j = b % chain.length;
        if (j === i) j = (i + 1) % chain.length;
        const tampered = [...chain];
        if (swap) [tampered[i], tampered[j]] = [tampered[j], tampered[i]];
        else tampered.splice(j, 0, ...tampered.splice(i, 1));
        const verdict = verify(tampered, { expectedHead: headOf(chain) });
        expect(verdict.valid).toBe(false);
        expect(verdict.firstInvalidSeq).toBe(Math.min(i, j) + 1);
      }),
      RUNS,
    );
  });

  describe('against the latest signed checkpoint', () => {
    const checkpointAt = (chain: ChainEvent[], seq: number, key = KEY) =>
      signCheckpoint(key, { seq, headHash: chain[seq - 1].hash, createdAt: new Date(Date.UTC(2026, 10, 2)) });

    it('accepts a chain that reaches and matches its checkpoint', () => {
      fc.assert(
        fc.property(chainArb(), fc.nat(), (chain, at) => {
          const checkpoint = checkpointAt(chain, (at % chain.length) + 1);
          const verdict = verify(chain, { checkpoint, signingKey: KEY });
          expect(verdict.valid).toBe(true);
          expect(verdict.checkpoint).toMatchObject({ seq: checkpoint.seq, status: 'valid' });
        }),
        RUNS,
      );
    });

    it('detects tail truncation at or before the checkpoint even when the head was moved back too', () => {
      fc.assert(
        fc.property(chainArb(), fc.nat(), fc.nat(), (chain, at, cut) => {
          const cpSeq = (at % chain.length) + 1;
          const kept = cut % cpSeq; // keep events 1..kept, so the checkpointed one is gone
          const truncated = chain.slice(0, kept);
          const verdict = verify(truncated, {
            checkpoint: checkpointAt(chain, cpSeq),
            signingKey: KEY,
            expectedHead: kept ? headOf(truncated) : { seq: 0, hash: '0'.repeat(64) },
          });
          expect(verdict).toMatchObject({
            valid: false,
            reason: 'truncated_before_checkpoint',
            firstInvalidSeq: kept + 1,
          });
          expect(verdict.checkpoint?.status).toBe('truncated');
        }),
        RUNS,
      );
    });

    it('detects a consistent rewrite of the chain up to the checkpoint (hashes recomputed)', () => {
      fc.assert(
        fc.property(chainArb(), fc.nat(), fc.nat(), (chain, at, from) => {
          const cpSeq = (at % chain.length) + 1;
          const checkpoint = checkpointAt(chain, cpSeq);
          const i = from % cpSeq;
          const rewritten = buildChain(
            chain.map((e, j) => ({ fields: j === i ? { ...e, action: `${e.action}.forged` } : e, gapMs: 0 })),
          );
          const verdict = verify(rewritten, { checkpoint, signingKey: KEY, expectedHead: headOf(rewritten) });
          expect(verdict.valid).toBe(false);
          expect(verdict.checkpoint?.status).toBe('hash_mismatch');
        }),
        { numRuns: 300 },
      );
    });

    it('rejects a forged or altered checkpoint signature', () => {
      fc.assert(
        fc.property(
          chainArb(),
          fc.nat(),
          fc.constantFrom('random', 'other_key_same_id', 'seq', 'head', 'time'),
          fc.stringMatching(/^[0-9a-f]{64}$/),
          (chain, at, forgery, randomSig) => {
            const honest = checkpointAt(chain, (at % chain.length) + 1);
            const forged = {
              random: { ...honest, signature: randomSig },
              other_key_same_id: { ...checkpointAt(chain, honest.seq, OTHER_KEY), keyId: honest.keyId },
              seq: { ...honest, seq: honest.seq === 1 ? 2 : honest.seq - 1 },
              head: { ...honest, headHash: 'f'.repeat(64) },
              time: { ...honest, createdAt: new Date(honest.createdAt.getTime() + 1) },
            }[forgery];
            fc.pre(forged.signature !== honest.signature || forgery !== 'random');
            const verdict = verify(chain, { checkpoint: forged, signingKey: KEY });
            expect(verdict.valid).toBe(false);
            expect(verdict.checkpoint?.status).toBe('signature_invalid');
            expect(verdict.reason).toBe('checkpoint_signature_invalid');
          },
        ),
        RUNS,
      );
    });

    it('refuses a checkpoint signed by a key other than AUDIT_SIGNING_KEY', () => {
      const chain = buildChain([
        {
          fields: {
            actorId: null,
            actorRole: 'system',
            action: 'a',
            resourceType: 'r',
            resourceId: null,
            outcome: 'success',
            ip: null,
            userAgent: null,
            requestId: null,
            details: {},
          },
          gapMs: 0,
        },
      ]);
      const verdict = verify(chain, { checkpoint: checkpointAt(chain, 1, OTHER_KEY), signingKey: KEY });
      expect(verdict).toMatchObject({
        valid: false,
        reason: 'checkpoint_key_unknown',
        firstInvalidSeq: null,
      });
    });

    it('cannot see a truncation after the last checkpoint once the head is moved back too (documented limit)', () => {
      fc.assert(
        fc.property(chainArb(3), (chain) => {
          const checkpoint = checkpointAt(chain, 1);
          const truncated = chain.slice(0, chain.length - 1);
          expect(
            verify(truncated, { checkpoint, signingKey: KEY, expectedHead: headOf(truncated) }).valid,
          ).toBe(true);
          expect(verify(truncated, { checkpoint, signingKey: KEY, expectedHead: headOf(chain) }).valid).toBe(
            false,
          );
        }),
        { numRuns: 100 },
      );
    });
  });

  it('verifies a segment from a given start (what a checkpoint run checks before signing)', () => {
    fc.assert(
      fc.property(chainArb(3), fc.nat(), (chain, at) => {
        const i = (at % (chain.length - 2)) + 1;
        const start = { seq: chain[i - 1].seq, hash: chain[i - 1].hash };
        expect(verify(chain.slice(i), { start }).valid).toBe(true);
        expect(verify(chain.slice(i + 1), { start }).valid).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('canonicalBodyAfterTime', () => {
  it('is exactly what follows the timestamp in the canonical body (the recorder relies on it)', () => {
    fc.assert(
      fc.property(
        untimedFieldsArb,
        fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true }),
        (fields, occurredAt) => {
          expect(`["${occurredAt.toISOString()}",${canonicalBodyAfterTime(fields)}`).toBe(
            canonicalBody({ ...fields, occurredAt }),
          );
        },
      ),
      RUNS,
    );
  });
});
