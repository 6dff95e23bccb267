import { DomainError, TooManyRequestsError, ValidationFailedError } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { signCheckpoint } from '../chain/checkpoint-signature';
import type { AuditEventFilter } from '../persistence/audit-event.record';
import { AuditTestDb, createAuditTestDb, RawEvent } from '../testing/audit-test-db';
import { verifyExportFile } from '../verification/verify-export-file';
import { CSV_COLUMNS } from './audit-export.format';
import { AuditReviewService } from './audit-review.service';

const KEY = Buffer.alloc(32, 5);
const SUPERVISOR = { id: randomUUID(), role: 'supervisor' };
const ACTORS = [randomUUID(), randomUUID(), randomUUID()];
const CASES = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const ACTIONS = ['consultation.read', 'consultation.claim', 'auth.login', 'message.create'];
const START = Date.UTC(2026, 0, 5, 8, 0, 0);

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

describe('AuditReviewService', () => {
  let db: AuditTestDb;
  let service: AuditReviewService;
  let seeded: (RawEvent & { id: string; seq: number })[];

  beforeAll(async () => {
    db = await createAuditTestDb('auditreview');
    service = new AuditReviewService(db.dataSource, db.events, db.checkpoints, db.recorder);
    const raw: RawEvent[] = Array.from({ length: 120 }, (_, i) => ({
      occurredAt: new Date(START + i * 60_000),
      actorId: ACTORS[i % 3],
      actorRole: 'investigator',
      action: ACTIONS[i % 4],
      resourceType: i % 5 === 0 ? 'user' : 'consultation',
      resourceId: i % 5 === 0 ? ACTORS[0] : CASES[i % 4],
      outcome: i % 7 === 0 ? 'denied' : i % 11 === 0 ? 'failure' : 'success',
      details: { i, note: i === 3 ? '=cmd|" /C calc"!A0' : 'plain' },
    }));
    const ids = await db.insertChained(raw);
    seeded = raw.map((e, i) => ({ ...e, ...ids[i] }));
    const head = await db.events.readHead();
    await db.checkpoints.insert(
      signCheckpoint(KEY, { seq: head.seq, headHash: head.hash, createdAt: new Date() }),
    );
  });
  afterAll(() => db.close());

  async function allPages(filter: AuditEventFilter, limit: number) {
    const seqs: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await service.listEvents(SUPERVISOR, filter, { limit, cursor });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seqs.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 100);
    return seqs;
  }

  const expected = (match: (e: (typeof seeded)[number]) => boolean) =>
    seeded
      .filter(match)
      .map((e) => e.seq)
      .sort((a, b) => b - a);

  it.each<[string, AuditEventFilter, (e: (typeof seeded)[number]) => boolean]>([
    ['actorId', { actorId: ACTORS[1] }, (e) => e.actorId === ACTORS[1]],
    ['action', { action: 'consultation.claim' }, (e) => e.action === 'consultation.claim'],
    ['resourceType', { resourceType: 'user' }, (e) => e.resourceType === 'user'],
    [
      'resourceType + resourceId',
      { resourceType: 'consultation', resourceId: CASES[2] },
      (e) => e.resourceType === 'consultation' && e.resourceId === CASES[2],
    ],
    ['outcome denied', { outcome: 'denied' }, (e) => e.outcome === 'denied'],
    ['outcome failure', { outcome: 'failure' }, (e) => e.outcome === 'failure'],
    [
      'from/to (from inclusive, to exclusive)',
      { from: new Date(START + 30 * 60_000), to: new Date(START + 75 * 60_000) },
      (e) => e.occurredAt.getTime() >= START + 30 * 60_000 && e.occurredAt.getTime() < START + 75 * 60_000,
    ],
    [
      'every filter at once',
      {
        actorId: ACTORS[0],
        action: 'consultation.read',
        resourceType: 'consultation',
        resourceId: CASES[0],
        outcome: 'success',
        from: new Date(START),
        to: new Date(START + 100 * 60_000),
      },
      (e) =>
        e.actorId === ACTORS[0] &&
        e.action === 'consultation.read' &&
        e.resourceId === CASES[0] &&
        e.outcome === 'success' &&
        e.occurredAt.getTime() < START + 100 * 60_000,
    ],
  ])(
    'pages through exactly the events matching %s, newest first, without repeats',
    async (_, filter, match) => {
      const want = expected(match);
      expect(want.length).toBeGreaterThan(0);
      expect(await allPages(filter, 7)).toEqual(want);
      expect(await allPages(filter, 100)).toEqual(want);
    },
  );

  it('finds nothing in a time range before or after every event', async () => {
    expect(await allPages({ to: new Date(START) }, 20)).toEqual([]);
    expect(await allPages({ from: new Date(Date.now() + 3_600_000) }, 20)).toEqual([]);
  });

  it('lists everything newest first when unfiltered, keyset pages unaffected by events appended meanwhile', async () => {
    const first = await service.listEvents(SUPERVISOR, {}, { limit: 5 });
    await db.append(3);
    const second = await service.listEvents(SUPERVISOR, {}, { limit: 5, cursor: first.nextCursor! });
    const seqs = [...first.items, ...second.items].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(second.items[0].seq).toBe(first.items[4].seq - 1);
  });

  it('returns api.md auditEvent fields', async () => {
    const page = await service.listEvents(SUPERVISOR, { actorId: ACTORS[0] }, { limit: 1 });
    expect(Object.keys(page.items[0]).sort()).toEqual(
      [
        'id',
        'seq',
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
        'hash',
        'prevHash',
      ].sort(),
    );
    expect(page.items[0].occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('records each read of the trail as audit.read, with the filters used', async () => {
    await service.listEvents(SUPERVISOR, { action: 'auth.login', outcome: 'denied' }, { limit: 3 });
    const last = await db.events.findNewestFirst({}, null, 1);
    expect(last[0]).toMatchObject({
      action: 'audit.read',
      actorId: SUPERVISOR.id,
      actorRole: 'supervisor',
      resourceType: 'audit_event',
      details: {
        filters: { action: 'auth.login', outcome: 'denied' },
        returned: expect.any(Number),
        page: 'first',
      },
    });
  });

  it.each([
    'garbage!',
    'WyJhdWRpdF9ldmVudHMiLCIwIl0',
    Buffer.from('["audit_checkpoints","5"]').toString('base64url'),
    Buffer.from('{}').toString('base64url'),
  ])('refuses a cursor it did not issue (%s) as a validation error on cursor', async (cursor) => {
    const error = await service.listEvents(SUPERVISOR, {}, { cursor }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as DomainError).errors?.[0].field).toBe('cursor');
  });

  it('refuses a range whose end is not after its start', async () => {
    await expect(
      service.listEvents(SUPERVISOR, { from: new Date(START), to: new Date(START) }, {}),
    ).rejects.toBeInstanceOf(ValidationFailedError);
  });

  it("gives a resource's access log, newest first, and audits that it was looked at", async () => {
    const log = await service.resourceAccessLog(SUPERVISOR, { type: 'consultation', id: CASES[1] }, { limit: 100 });
    expect(log.items.map((e) => e.seq)).toEqual(
      expected((e) => e.resourceType === 'consultation' && e.resourceId === CASES[1]),
    );
    const last = await db.events.findNewestFirst({}, null, 1);
    expect(last[0]).toMatchObject({
      action: 'audit.read',
      resourceType: 'consultation',
      resourceId: CASES[1],
      details: { view: 'access_log' },
    });
    const again = await service.resourceAccessLog(SUPERVISOR, { type: 'consultation', id: CASES[1] }, { limit: 1 });
    expect(again.items[0]).toMatchObject({ action: 'audit.read', resourceId: CASES[1] });
  });

  it('lists checkpoints newest first with api.md fields', async () => {
    const page = await service.listCheckpoints(SUPERVISOR, { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(Object.keys(page.items[0]).sort()).toEqual(['createdAt', 'headHash', 'keyId', 'seq', 'signature']);
    expect(page.nextCursor).toBeNull();
  });

  it('exports NDJSON that an auditor can verify offline, audits the export, and catches an edited file', async () => {
    const exported = await service.openExport(SUPERVISOR, {}, 'ndjson');
    expect(exported.contentType).toMatch(/^application\/x-ndjson/);
    const text = await readAll(exported.stream);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      type: 'export',
      chainVersion: 'v1',
      filters: {},
      order: 'seq_ascending',
    });
    const events = lines.filter((l) => l.type === 'event');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[events.length - 1]).toMatchObject({
      action: 'audit.export',
      details: { format: 'ndjson' },
    });
    expect(lines.filter((l) => l.type === 'checkpoint')).toHaveLength(1);
    expect(lines[lines.length - 1]).toEqual({ type: 'end', events: events.length, checkpoints: 1 });

    const open = (t: string) => () => Readable.from(t.split('\n'));
    expect(await verifyExportFile(open(text), KEY)).toMatchObject({
      valid: true,
      complete: true,
      checkedEvents: events.length,
      checkpoint: { status: 'valid' },
    });
    const edited = text.replace('"note":"plain"', '"note":"changed"');
    expect(await verifyExportFile(open(edited), KEY)).toMatchObject({
      valid: false,
      reason: 'hash_mismatch',
    });
    const cut = text.split('\n').slice(0, 50).join('\n');
    expect(await verifyExportFile(open(cut), KEY)).toMatchObject({ complete: false });
  });

  it('exports filtered CSV (RFC 4180, formula-safe) with the checkpoints as trailing rows', async () => {
    const exported = await service.openExport(SUPERVISOR, { actorId: ACTORS[0] }, 'csv');
    const text = await readAll(exported.stream);
    const rows = text.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    const eventRows = rows.filter((r) => r.startsWith('event,'));
    expect(eventRows).toHaveLength(seeded.filter((e) => e.actorId === ACTORS[0]).length);
    expect(rows.filter((r) => r.startsWith('checkpoint,'))).toHaveLength(1);
    expect(text).toContain(`"{""i"":3,""note"":""=cmd|\\"" /C calc\\""!A0""}"`);
    expect(eventRows.every((r) => !/(^|,)[=+\-@]/.test(r))).toBe(true);
  });

  it('refuses a third concurrent export with 429 and frees the slot when a download ends', async () => {
    const a = await service.openExport(SUPERVISOR, {}, 'csv');
    const b = await service.openExport(SUPERVISOR, {}, 'csv');
    await expect(service.openExport(SUPERVISOR, {}, 'csv')).rejects.toBeInstanceOf(TooManyRequestsError);
    a.stream.destroy();
    await readAll(b.stream);
    await new Promise((r) => setImmediate(r));
    const c = await service.openExport(SUPERVISOR, {}, 'ndjson');
    expect((await readAll(c.stream)).length).toBeGreaterThan(0);
  });
});
