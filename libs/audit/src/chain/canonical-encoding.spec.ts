import { canonicalBody, chainHash, GENESIS_HASH } from './canonical-encoding';

/**
 * Golden vector: the hash below was computed outside this code base
 * (`printf '%s' 'v1|1|000…000|<body>' | sha256sum`), so a change to the canonical encoding or to
 * the hash formula fails here even if the recorder's SQL and the verifier drifted together.
 * audit-recorder.int-spec.ts ties the SQL statements to `chainHash` byte for byte.
 */
describe('canonical encoding and chain hash (golden vector)', () => {
  const event = {
    occurredAt: new Date('2026-12-03T08:00:00.000Z'),
    actorId: null,
    actorRole: 'system',
    action: 'consultation.purged',
    resourceType: 'consultation',
    resourceId: 'c-1',
    outcome: 'success',
    ip: null,
    userAgent: null,
    requestId: null,
    details: { note: 'Åsa "quoted" \\ ✓' },
  };
  const body =
    '["2026-12-03T08:00:00.000Z",null,"system","consultation.purged","consultation","c-1","success",null,null,null,' +
    '{"note":"Åsa \\"quoted\\" \\\\ ✓"}]';

  it('encodes the fields as a JSON array in a fixed order, keeping non-ASCII text as UTF-8', () => {
    expect(canonicalBody(event)).toBe(body);
  });

  it('hashes v1|seq|prev_hash|body with SHA-256', () => {
    expect(chainHash(1, GENESIS_HASH, body)).toBe(
      'b3fae2b6e44696d1674517648671d9e78816be754a0ce3ebef53eed317c46cae',
    );
  });

  it('sorts object keys at every depth, so jsonb key order never changes the hash', () => {
    const a = canonicalBody({ ...event, details: { b: 1, a: { d: 2, c: 3 } } });
    const b = canonicalBody({ ...event, details: { a: { c: 3, d: 2 }, b: 1 } });
    expect(a).toBe(b);
    expect(a.endsWith('{"a":{"c":3,"d":2},"b":1}]')).toBe(true);
  });
});
