import { randomUUID } from 'node:crypto';
import { canonicalBody, chainHash, GENESIS_HASH } from '../chain/canonical-encoding';
import { signCheckpoint } from '../chain/checkpoint-signature';
import { AuditReviewService } from '../review/audit-review.service';
import { AuditTestDb, createAuditTestDb } from '../testing/audit-test-db';
import { verifyStoredChain } from './verify-stored-chain';

/**
 * Verification and export stream with flat memory. 20k correctly chained events by default;
 * `AUDIT_SCALE_EVENTS=1000000 node --expose-gc node_modules/.bin/jest <this file>` measures at a
 * million and prints time and peak live heap.
 */
const EVENTS = Number(process.env.AUDIT_SCALE_EVENTS ?? 20_000);
const KEY = Buffer.alloc(32, 6);
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;

/**
 * Samples heap use while `work` runs; returns its result and the peak growth over the start. Run
 * with `node --expose-gc` to sample the live heap (each sample collects garbage first); without
 * it, the figure includes garbage not yet collected and overstates what is retained.
 */
async function peakHeapGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number; ms: number }> {
  const gc = (global as { gc?: () => void }).gc;
  gc?.();
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const sample = () => {
    gc?.();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, gc ? 250 : 20);
  const began = Date.now();
  try {
    const result = await work();
    sample();
    return { result, growth: peak - start, ms: Date.now() - began };
  } finally {
    clearInterval(timer);
  }
}

describe(`audit trail at ${EVENTS} events`, () => {
  let db: AuditTestDb;
  const report: string[] = [];

  beforeAll(async () => {
    db = await createAuditTestDb('auditscale');
    const actors = Array.from({ length: 50 }, () => randomUUID());
    const cases = Array.from({ length: 5000 }, () => randomUUID());
    let prev = GENESIS_HASH;
    const base = Date.UTC(2026, 0, 1);
    const BATCH = 5000;
    for (let from = 1; from <= EVENTS; from += BATCH) {
      const cols: unknown[][] = Array.from({ length: 9 }, () => []);
      for (let seq = from; seq < Math.min(from + BATCH, EVENTS + 1); seq++) {
        const fields = {
          occurredAt: new Date(base + seq * 1000),
          actorId: actors[seq % actors.length],
          actorRole: 'investigator',
          action: seq % 2 ? 'consultation.read' : 'message.list',
          resourceType: 'consultation',
          resourceId: cases[seq % cases.length],
          outcome: 'success',
          ip: '10.0.0.1',
          userAgent: 'scale-test',
          requestId: null,
          details: { status: 'in_progress' },
        };
        const hash = chainHash(seq, prev, canonicalBody(fields));
        [
          seq,
          fields.occurredAt,
          fields.actorId,
          fields.action,
          fields.resourceId,
          JSON.stringify(fields.details),
          prev,
          hash,
        ].forEach((v, i) => cols[i].push(v));
        prev = hash;
      }
      await db.admin.query(
        `INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, resource_type, resource_id, outcome, ip, user_agent,
                                   details, prev_hash, hash)
         SELECT s, t, a, 'investigator', act, 'consultation', r, 'success', '10.0.0.1', 'scale-test', d::jsonb, p, h
         FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
              AS x(s, t, a, act, r, d, p, h)`,
        cols.slice(0, 8),
      );
    }
    await db.admin.query(`UPDATE audit_chain_head SET seq = $1, hash = $2, last_occurred_at = $3`, [
      EVENTS,
      prev,
      new Date(base + EVENTS * 1000),
    ]);
    await db.checkpoints.insert(
      db.db,
      signCheckpoint(KEY, { seq: EVENTS, headHash: prev, createdAt: new Date() }),
    );
    await db.admin.query('VACUUM ANALYZE audit_events');
  }, 1_800_000);
  afterAll(async () => {
    if (process.env.AUDIT_SCALE_EVENTS) console.log(report.join('\n'));
    await db.close();
  });

  it('verifies the whole chain, streaming, without the heap growing with it', async () => {
    const { result, growth, ms } = await peakHeapGrowth(() => verifyStoredChain(db.db, KEY));
    expect(result).toMatchObject({ valid: true, checkedEvents: EVENTS, checkpoint: { status: 'valid' } });
    expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT);
    report.push(
      `verify: ${EVENTS} events in ${ms} ms, peak heap growth ${(growth / 1048576).toFixed(1)} MiB`,
    );
  }, 1_800_000);

  it.each(['ndjson', 'csv'] as const)(
    'exports %s, streaming, without the heap growing with it',
    async (format) => {
      const review = new AuditReviewService(db.db, db.events, db.checkpoints, db.recorder);
      const eventsBefore = (await db.events.readHead(db.db)).seq;
      const { result, growth, ms } = await peakHeapGrowth(async () => {
        const { stream } = await review.openExport({ id: randomUUID(), role: 'supervisor' }, {}, format);
        let bytes = 0;
        let lines = 0;
        for await (const chunk of stream) {
          bytes += chunk.length;
          for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines += 1;
          // A slow client: the cursor must wait for it rather than buffer ahead.
          if (lines % 50_000 < 1000) await new Promise((r) => setImmediate(r));
        }
        return { bytes, lines };
      });
      // the events, this export's own audit.export event, one checkpoint, the header (and NDJSON's end line)
      expect(result.lines).toBe(eventsBefore + 1 + 1 + (format === 'ndjson' ? 2 : 1));
      expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT);
      report.push(
        `export ${format}: ${result.lines} lines, ${(result.bytes / 1048576).toFixed(0)} MiB in ${ms} ms, peak heap growth ${(growth / 1048576).toFixed(1)} MiB`,
      );
    },
    1_800_000,
  );
});
