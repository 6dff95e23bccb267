import { canonicalBody, chainHash } from '../chain/canonical-encoding';
import { verifyStoredChain } from '../verification/verify-stored-chain';
import { AuditTestDb, createAuditTestDb } from '../testing/audit-test-db';

const WRITERS = 16;
const APPENDS_PER_WRITER = 40;

describe('AuditRecorder against PostgreSQL', () => {
  let db: AuditTestDb;

  beforeAll(async () => {
    db = await createAuditTestDb('auditrecorder', WRITERS + 2);
  });
  afterAll(() => db.close());

  it(`keeps the chain gap-free and unforked under ${WRITERS} concurrent writers, each writing its audit row last`, async () => {
    const writer = async (w: number) => {
      for (let i = 0; i < APPENDS_PER_WRITER; i++) {
        await db.db.transaction(async (manager) => {
          // The transaction's own work comes first; the audit row is its last statement.
          await manager.query(`SELECT pg_sleep(0.001)`);
          await db.recorder.record(manager, {
            action: 'consultation.read',
            resourceType: 'consultation',
            resourceId: `c-${w}-${i}`,
            actorRole: 'investigator',
            details: { writer: w, i },
          });
        });
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    const total = WRITERS * APPENDS_PER_WRITER;
    const { rows } = await db.admin.query(
      `SELECT seq::int AS seq, prev_hash, hash, occurred_at FROM audit_events ORDER BY seq`,
    );
    expect(rows).toHaveLength(total);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Unforked: every event links to the one before it, so no two events share a predecessor.
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(total);
    for (let i = 1; i < rows.length; i++)
      expect(rows[i].occurred_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].occurred_at.getTime());

    const head = (await db.admin.query(`SELECT seq::int AS seq, hash FROM audit_chain_head`)).rows[0];
    expect(head).toEqual({ seq: total, hash: rows[total - 1].hash });
    const verdict = await verifyStoredChain(db.db, null, { batchSize: 97 });
    expect(verdict).toMatchObject({
      valid: true,
      checkedEvents: total,
      headHash: head.hash,
      firstInvalidSeq: null,
    });
  });

  it('appends a batch in one statement, in the given order and with one time, while single appends run alongside', async () => {
    const before = (await db.admin.query(`SELECT seq::int AS seq FROM audit_chain_head`)).rows[0].seq;
    const batches = Array.from({ length: 6 }, (_, b) =>
      db.db.transaction(async (manager) => {
        await manager.query(`SELECT pg_sleep(0.001)`);
        return db.recorder.recordMany(
          manager,
          Array.from({ length: 5 }, (_, k) => ({
            action: 'consultation.triage',
            resourceType: 'consultation',
            resourceId: `batch-${b}-${k}`,
            actorId: null,
            actorRole: 'system',
            details: { k, note: 'quote " and back\\slash' },
          })),
        );
      }),
    );
    const singles = Array.from({ length: 10 }, (_, i) => db.append(1, () => ({ resourceId: `single-${i}` })));
    const results = await Promise.all([...batches, ...singles]);
    const appended = results.slice(0, 6) as { id: string; seq: string }[][];

    for (const [b, events] of appended.entries()) {
      const seqs = events.map((e) => Number(e.seq));
      // One statement: consecutive seqs, nothing of another transaction in between.
      expect(seqs).toEqual(Array.from({ length: 5 }, (_, k) => seqs[0] + k));
      const { rows } = await db.admin.query(
        `SELECT resource_id, occurred_at, actor_id, actor_role FROM audit_events WHERE seq = ANY($1::bigint[]) ORDER BY seq`,
        [seqs],
      );
      expect(rows.map((r) => r.resource_id)).toEqual(Array.from({ length: 5 }, (_, k) => `batch-${b}-${k}`));
      expect(new Set(rows.map((r) => r.occurred_at.getTime())).size).toBe(1);
      expect(rows.every((r) => r.actor_id === null && r.actor_role === 'system')).toBe(true);
    }
    const after = (await db.admin.query(`SELECT seq::int AS seq FROM audit_chain_head`)).rows[0].seq;
    expect(after).toBe(before + 6 * 5 + 10);
    const verdict = await verifyStoredChain(db.db, null, { batchSize: 7 });
    expect(verdict).toMatchObject({ valid: true, checkedEvents: after, firstInvalidSeq: null });
  });

  it('appends nothing and takes no lock for an empty batch', async () => {
    const before = (await db.admin.query(`SELECT seq::int AS seq, hash FROM audit_chain_head`)).rows[0];
    await expect(db.db.transaction((manager) => db.recorder.recordMany(manager, []))).resolves.toEqual([]);
    expect((await db.admin.query(`SELECT seq::int AS seq, hash FROM audit_chain_head`)).rows[0]).toEqual(
      before,
    );
  });

  it('leaves no trace of an event whose transaction rolled back', async () => {
    const before = (await db.admin.query(`SELECT seq::int AS seq FROM audit_chain_head`)).rows[0].seq;
    await expect(
      db.db.transaction(async (manager) => {
        await db.recorder.record(manager, { action: 'consultation.read', resourceType: 'consultation' });
        throw new Error('the domain change failed');
      }),
    ).rejects.toThrow('the domain change failed');
    await db.append(1);
    const { rows } = await db.admin.query(
      `SELECT seq::int AS seq FROM audit_events WHERE seq > $1 ORDER BY seq`,
      [before],
    );
    expect(rows.map((r) => r.seq)).toEqual([before + 1]);
    expect((await verifyStoredChain(db.db, null)).valid).toBe(true);
  });

  it('stamps the time in the database, with millisecond precision, never before the previous event', async () => {
    await db.tamper(`UPDATE audit_chain_head SET last_occurred_at = now() + interval '1 hour'`);
    await db.append(1);
    const { rows } = await db.admin.query(
      `SELECT e.occurred_at, h.last_occurred_at FROM audit_events e, audit_chain_head h ORDER BY e.seq DESC LIMIT 1`,
    );
    expect(rows[0].occurred_at.getTime()).toBe(rows[0].last_occurred_at.getTime());
    expect(rows[0].occurred_at.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(rows[0].occurred_at.getTime() % 1).toBe(0);
    expect((await verifyStoredChain(db.db, null)).valid).toBe(true);
  });

  it('computes in SQL, for one event and for a batch, the very hash TypeScript computes (non-ASCII and escapes included)', async () => {
    const details = { note: 'Åsa "quoted" \\ ✓ 家', nested: { z: 1, a: [true, null] } };
    const input = {
      action: 'consultation.read',
      resourceType: 'consultation',
      resourceId: 'golden',
      actorRole: 'system',
      actorId: null,
      details,
    };
    const single = await db.db.transaction((manager) => db.recorder.record(manager, input));
    const batch = await db.db.transaction((manager) => db.recorder.recordMany(manager, [input, input]));
    const seqs = [single, ...batch].map((e) => e.seq);
    const { rows } = await db.admin.query(
      `SELECT seq::text AS seq, prev_hash, hash, occurred_at, actor_id, actor_role, action, resource_type, resource_id,
              outcome, ip, user_agent, request_id, details
       FROM audit_events WHERE seq = ANY($1::bigint[]) ORDER BY seq`,
      [seqs],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const body = canonicalBody({
        occurredAt: row.occurred_at,
        actorId: row.actor_id,
        actorRole: row.actor_role,
        action: row.action,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
        outcome: row.outcome,
        ip: row.ip,
        userAgent: row.user_agent,
        requestId: row.request_id,
        details: row.details,
      });
      expect(row.hash).toBe(chainHash(row.seq, row.prev_hash, body));
    }
    expect(rows[0].details).toEqual(details);
  });
});
