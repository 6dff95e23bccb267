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
        await db.dataSource.transaction(async (manager) => {
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
    for (let i = 1; i < rows.length; i++) expect(rows[i].occurred_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].occurred_at.getTime());

    const head = (await db.admin.query(`SELECT seq::int AS seq, hash FROM audit_chain_head`)).rows[0];
    expect(head).toEqual({ seq: total, hash: rows[total - 1].hash });
    const verdict = await verifyStoredChain(db.dataSource, null, { batchSize: 97 });
    expect(verdict).toMatchObject({ valid: true, checkedEvents: total, headHash: head.hash, firstInvalidSeq: null });
  });

  it('leaves no trace of an event whose transaction rolled back', async () => {
    const before = (await db.admin.query(`SELECT seq::int AS seq FROM audit_chain_head`)).rows[0].seq;
    await expect(
      db.dataSource.transaction(async (manager) => {
        await db.recorder.record(manager, { action: 'consultation.read', resourceType: 'consultation' });
        throw new Error('the domain change failed');
      }),
    ).rejects.toThrow('the domain change failed');
    await db.append(1);
    const { rows } = await db.admin.query(`SELECT seq::int AS seq FROM audit_events WHERE seq > $1 ORDER BY seq`, [before]);
    expect(rows.map((r) => r.seq)).toEqual([before + 1]);
    expect((await verifyStoredChain(db.dataSource, null)).valid).toBe(true);
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
    expect((await verifyStoredChain(db.dataSource, null)).valid).toBe(true);
  });
});
