import { canonicalBody, chainHash, GENESIS_HASH } from '../chain/canonical-encoding';
import { signCheckpoint } from '../chain/checkpoint-signature';
import { AuditTestDb, createAuditTestDb } from '../testing/audit-test-db';
import { verifyStoredChain } from './verify-stored-chain';

const KEY = Buffer.alloc(32, 3);
const EVENTS = 30;
const CHECKPOINT_SEQ = 20;

/**
 * Tampering as a database superuser would do it: switch the append-only triggers off, change rows,
 * switch them back on. Each case starts from a fresh database with 30 events and a checkpoint at 20.
 */
describe('verifyStoredChain against tampering in PostgreSQL', () => {
  let db: AuditTestDb;

  beforeEach(async () => {
    db = await createAuditTestDb('verifychain');
    await db.append(EVENTS, (i) => ({ resourceId: `c${i % 4}`, details: { i } }));
    const { rows } = await db.admin.query(`SELECT hash FROM audit_events WHERE seq = $1`, [CHECKPOINT_SEQ]);
    await db.checkpoints.insert(
      db.db,
      signCheckpoint(KEY, { seq: CHECKPOINT_SEQ, headHash: rows[0].hash, createdAt: new Date() }),
    );
  });
  afterEach(() => db.close());

  const verify = () => verifyStoredChain(db.db, KEY, { batchSize: 7 });

  /** Recomputes every hash from `fromSeq` on, and the head, as a careful forger would. */
  async function rehashFrom(fromSeq: number): Promise<void> {
    const { rows } = await db.admin.query(
      `SELECT seq::int AS seq, occurred_at, actor_id, actor_role, action, resource_type, resource_id, outcome, ip,
              user_agent, request_id, details, prev_hash
       FROM audit_events WHERE seq >= $1 ORDER BY seq`,
      [fromSeq],
    );
    let prev =
      fromSeq === 1
        ? GENESIS_HASH
        : (await db.admin.query(`SELECT hash FROM audit_events WHERE seq = $1`, [fromSeq - 1])).rows[0].hash;
    for (const r of rows) {
      const hash = chainHash(
        r.seq,
        prev,
        canonicalBody({
          occurredAt: r.occurred_at,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          action: r.action,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
          outcome: r.outcome,
          ip: r.ip,
          userAgent: r.user_agent,
          requestId: r.request_id,
          details: r.details,
        }),
      );
      await db.tamper(`UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE seq = $1`, [
        r.seq,
        prev,
        hash,
      ]);
      prev = hash;
    }
    await db.admin.query(`UPDATE audit_chain_head SET seq = (SELECT max(seq) FROM audit_events), hash = $1`, [
      prev,
    ]);
  }

  it('accepts the untouched chain, its head and its checkpoint', async () => {
    const head = (await db.admin.query(`SELECT hash FROM audit_chain_head`)).rows[0];
    expect(await verify()).toMatchObject({
      valid: true,
      checkedEvents: EVENTS,
      headHash: head.hash,
      firstInvalidSeq: null,
      checkpoint: { seq: CHECKPOINT_SEQ, status: 'valid' },
    });
  });

  it('detects an edited event', async () => {
    await db.tamper(`UPDATE audit_events SET details = '{"i": 99}' WHERE seq = 7`);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidSeq: 7, reason: 'hash_mismatch' });
  });

  it('detects a deleted event', async () => {
    await db.tamper(`DELETE FROM audit_events WHERE seq = 12`);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidSeq: 12, reason: 'seq_gap' });
  });

  it('detects an inserted event, even one hashed onto its predecessor with later events renumbered', async () => {
    await db.tamper(`UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 15`);
    await db.tamper(`UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1015`);
    const prev = (await db.admin.query(`SELECT hash, occurred_at FROM audit_events WHERE seq = 14`)).rows[0];
    const fields = {
      occurredAt: prev.occurred_at,
      actorId: null,
      actorRole: 'investigator',
      action: 'consultation.read',
      resourceType: 'consultation',
      resourceId: 'c0',
      outcome: 'success',
      ip: null,
      userAgent: null,
      requestId: null,
      details: {},
    };
    await db.admin.query(
      `INSERT INTO audit_events (seq, occurred_at, actor_role, action, resource_type, resource_id, outcome, details, prev_hash, hash)
       VALUES (15, $1, 'investigator', 'consultation.read', 'consultation', 'c0', 'success', '{}', $2, $3)`,
      [prev.occurred_at, prev.hash, chainHash(15, prev.hash, canonicalBody(fields))],
    );
    expect(await verify()).toMatchObject({ valid: false, firstInvalidSeq: 16, reason: 'broken_link' });
  });

  it('detects two events swapped in order', async () => {
    await db.tamper(
      `UPDATE audit_events SET seq = CASE seq WHEN 5 THEN 1005 ELSE 1006 END WHERE seq IN (5, 6)`,
    );
    await db.tamper(
      `UPDATE audit_events SET seq = CASE seq WHEN 1005 THEN 6 ELSE 5 END WHERE seq IN (1005, 1006)`,
    );
    expect(await verify()).toMatchObject({ valid: false, firstInvalidSeq: 5 });
  });

  it('detects an event appended behind the head', async () => {
    const last = (await db.admin.query(`SELECT hash FROM audit_events WHERE seq = $1`, [EVENTS])).rows[0];
    await db.admin.query(
      `INSERT INTO audit_events (seq, occurred_at, actor_role, action, resource_type, outcome, details, prev_hash, hash)
       VALUES ($1, now(), 'system', 'forged', 'consultation', 'success', '{}', $2, repeat('e', 64))`,
      [EVENTS + 1, last.hash],
    );
    expect(await verify()).toMatchObject({ valid: false, firstInvalidSeq: EVENTS + 1 });
  });

  it('detects tail truncation before the checkpoint even with the head moved back to match', async () => {
    await db.tamper(`DELETE FROM audit_events WHERE seq >= 18`);
    await db.admin.query(
      `UPDATE audit_chain_head SET seq = 17, hash = (SELECT hash FROM audit_events WHERE seq = 17)`,
    );
    expect(await verify()).toMatchObject({
      valid: false,
      firstInvalidSeq: 18,
      reason: 'truncated_before_checkpoint',
      checkpoint: { status: 'truncated' },
    });
  });

  it('detects a rewrite with every hash and the head recomputed, against the signed checkpoint', async () => {
    await db.tamper(`UPDATE audit_events SET actor_role = 'supervisor' WHERE seq = 10`);
    await rehashFrom(10);
    expect(await verify()).toMatchObject({
      valid: false,
      reason: 'checkpoint_hash_mismatch',
      firstInvalidSeq: CHECKPOINT_SEQ,
    });
  });

  it('rejects a checkpoint whose signature was forged to vouch for a rewritten chain', async () => {
    await db.tamper(`UPDATE audit_events SET actor_role = 'supervisor' WHERE seq = 10`);
    await rehashFrom(10);
    const head = (await db.admin.query(`SELECT seq::int AS seq, hash FROM audit_chain_head`)).rows[0];
    const forged = signCheckpoint(Buffer.alloc(32, 4), {
      seq: head.seq,
      headHash: head.hash,
      createdAt: new Date(),
    });
    await db.checkpoints.insert(db.db, { ...forged, keyId: signCheckpoint(KEY, forged).keyId });
    expect(await verify()).toMatchObject({
      valid: false,
      reason: 'checkpoint_signature_invalid',
      checkpoint: { seq: head.seq, status: 'signature_invalid' },
    });
  });

  it('detects an audit_chain_head moved without the events', async () => {
    await db.admin.query(`UPDATE audit_chain_head SET hash = repeat('d', 64)`);
    expect(await verify()).toMatchObject({ valid: false, reason: 'head_mismatch', firstInvalidSeq: EVENTS });
  });
});
