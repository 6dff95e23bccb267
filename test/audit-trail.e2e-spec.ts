import { AuditCheckpointService, verifyExportFile } from '@app/audit';
import { AuditConfig } from '@app/audit';
import { Readable } from 'node:stream';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

/** The audit-trail routes of api.md, end to end: real API, PostgreSQL, Redis, real logins. */
describe('Audit trail API', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let consultationId: string;

  beforeAll(async () => {
    ctx = await createE2eContext('audittrail', { env: { THROTTLE_IP_LIMIT: '10000' } });
    actors = await createActors(ctx);
    const filed = await fileConsultation(ctx, actors.requester);
    consultationId = filed.id;
    await actors.investigator.auth(ctx.http.get(`/api/v1/consultations/${consultationId}`)).expect(200);
    await actors.investigator.auth(ctx.http.post(`/api/v1/consultations/${consultationId}/claim`)).expect(200);
  });
  afterAll(() => ctx.close());

  const get = (url: string) => actors.supervisor.auth(ctx.http.get(url));
  const lastEvent = async () =>
    (await ctx.db.query(`SELECT action, actor_id, resource_type, resource_id, details FROM audit_events ORDER BY seq DESC LIMIT 1`)).rows[0];

  describe('GET /audit-events', () => {
    it('answers a page of api.md auditEvents, newest first, and audits the read', async () => {
      const res = await get('/api/v1/audit-events?limit=5').expect(200);
      expect(res.body.items).toHaveLength(5);
      const seqs = res.body.items.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect(res.body.items[0]).toEqual(
        expect.objectContaining({
          id: expect.any(String), seq: expect.any(Number), occurredAt: expect.any(String), actorRole: expect.any(String),
          action: expect.any(String), resourceType: expect.any(String), outcome: expect.any(String), details: expect.any(Object),
          hash: expect.stringMatching(/^[0-9a-f]{64}$/), prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      );
      expect(typeof res.body.nextCursor).toBe('string');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(await lastEvent()).toMatchObject({ action: 'audit.read', actor_id: actors.supervisor.id, resource_type: 'audit_event' });
    });

    it('filters by actor, action, resource, outcome and time, and pages with nextCursor', async () => {
      const res = await get(
        `/api/v1/audit-events?actorId=${actors.investigator.id}&action=consultation.read&resourceType=consultation` +
          `&resourceId=${consultationId}&outcome=success&from=2020-01-01&to=2100-01-01T00:00:00Z&limit=1`,
      ).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ actorId: actors.investigator.id, action: 'consultation.read', resourceId: consultationId }),
      ]);
      expect(res.body.nextCursor).toBeNull();

      const first = await get(`/api/v1/audit-events?resourceId=${consultationId}&limit=1`).expect(200);
      const second = await get(`/api/v1/audit-events?resourceId=${consultationId}&limit=1&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items[0].seq).toBeLessThan(first.body.items[0].seq);
    });

    it.each([
      ['actorId=not-a-uuid', 'actorId'],
      ['outcome=maybe', 'outcome'],
      ['action=DROP%20TABLE', 'action'],
      ['from=yesterday', 'from'],
      ['to=2026-11-02T08:00:00', 'to'],
      ['from=2026-11-02&to=2026-11-01', 'to'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['cursor=bm9wZQ', 'cursor'],
      ['actorId=a&actorId=b', 'actorId'],
      ['unknown=1', 'unknown'],
    ])('answers ?%s with a 400 problem naming %s', async (query, field) => {
      const res = await get(`/api/v1/audit-events?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it.each(['abc', '0', '101'])('answers ?limit=%s saying limit must be an integer from 1 to 100', async (limit) => {
      const res = await get(`/api/v1/audit-events?limit=${limit}`).expect(400);
      expect(res.body.errors).toEqual([{ field: 'limit', message: 'limit must be an integer from 1 to 100' }]);
    });
  });

  describe('GET /audit-events/export', () => {
    it('streams NDJSON that verifies offline, with the checkpoints, as an attachment, and audits the export', async () => {
      await ctx.app.get(AuditCheckpointService).writeCheckpointIfDue();
      const res = await get('/api/v1/audit-events/export?format=ndjson').buffer(true).parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-events-.*\.ndjson"$/);
      const text = res.body as string;
      const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines.filter((l) => l.type === 'checkpoint')).toHaveLength(1);
      expect(lines.find((l) => l.type === 'event' && l.action === 'audit.export')).toMatchObject({ actorId: actors.supervisor.id, details: { format: 'ndjson' } });
      const key = Buffer.from(ctx.app.get(AuditConfig).get('AUDIT_SIGNING_KEY'), 'base64');
      expect(await verifyExportFile(() => Readable.from(text.split('\n')), key)).toMatchObject({ valid: true, complete: true });
    });

    it('streams filtered CSV with a header row and formula-safe cells', async () => {
      const res = await get(`/api/v1/audit-events/export?format=csv&actorId=${actors.investigator.id}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const rows = (res.text as string).split('\r\n').filter(Boolean);
      expect(rows[0].startsWith('record_type,id,seq,occurred_at,')).toBe(true);
      expect(rows.filter((r) => r.startsWith('event,')).every((r) => r.includes(actors.investigator.id))).toBe(true);
    });

    it('requires a known format', async () => {
      const res = await get('/api/v1/audit-events/export?format=xlsx').expect(400);
      expect(res.body.errors[0].field).toBe('format');
      await get('/api/v1/audit-events/export').expect(400);
    });
  });

  describe('GET /audit-events/verify', () => {
    it('answers { valid, checkedEvents, headHash, firstInvalidSeq } and audits the verification', async () => {
      const head = (await ctx.db.query(`SELECT seq::int AS seq, hash FROM audit_chain_head`)).rows[0];
      const res = await get('/api/v1/audit-events/verify').expect(200);
      expect(res.body).toMatchObject({ valid: true, checkedEvents: head.seq, headHash: head.hash, firstInvalidSeq: null });
      expect(res.body.checkpoint).toMatchObject({ status: 'valid' });
      expect(await lastEvent()).toMatchObject({ action: 'audit.verify', details: { valid: true, checkedEvents: head.seq } });
    });
  });

  describe('GET /audit-checkpoints', () => {
    it('answers a page of signed checkpoints', async () => {
      const res = await get('/api/v1/audit-checkpoints').expect(200);
      expect(res.body.items[0]).toEqual({
        seq: expect.any(Number),
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        createdAt: expect.any(String),
        signature: expect.stringMatching(/^[0-9a-f]{64}$/),
        keyId: expect.stringMatching(/^hmac-[0-9a-f]{16}$/),
      });
      expect(res.body.nextCursor).toBeNull();
    });
  });

  describe('GET /consultations/:id/access-log', () => {
    it('lists who created, read and claimed the consultation, newest first, and audits the look', async () => {
      const res = await get(`/api/v1/consultations/${consultationId}/access-log`).expect(200);
      const actions = res.body.items.map((e: { action: string; actorId: string }) => `${e.action}:${e.actorId}`);
      expect(actions).toEqual(
        expect.arrayContaining([
          `consultation.create:${actors.requester.id}`,
          `consultation.read:${actors.investigator.id}`,
          `consultation.claim:${actors.investigator.id}`,
        ]),
      );
      expect(res.body.items.every((e: { resourceType: string; resourceId: string }) => e.resourceType === 'consultation' && e.resourceId === consultationId)).toBe(true);
      expect(await lastEvent()).toMatchObject({ action: 'audit.read', resource_type: 'consultation', resource_id: consultationId });
    });

    it('answers 400 for an id that is not a UUID', async () => {
      await get('/api/v1/consultations/abc/access-log').expect(400);
    });
  });

  describe('GET /audit-reports/access', () => {
    it('answers the follow-up for a period', async () => {
      const from = new Date(Date.now() - 86_400_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const res = await get(`/api/v1/audit-reports/access?from=${from}&to=${to}`).expect(200);
      expect(res.body).toMatchObject({ from, to, totals: { reads: expect.any(Number) }, users: expect.any(Array) });
      expect(res.body.rules.businessHours).toMatchObject({ timeZone: 'Europe/Stockholm' });
    });

    it('requires from and to, in order, at most 92 days apart', async () => {
      await get('/api/v1/audit-reports/access').expect(400);
      await get('/api/v1/audit-reports/access?from=2026-11-02&to=2026-11-01').expect(400);
      await get('/api/v1/audit-reports/access?from=2026-01-01&to=2026-12-01').expect(400);
    });
  });

  it('refuses every audit route to an investigator with 403, audited as access.denied', async () => {
    for (const url of ['/api/v1/audit-events', '/api/v1/audit-events/verify', '/api/v1/audit-checkpoints', `/api/v1/consultations/${consultationId}/access-log`]) {
      await actors.investigator.auth(ctx.http.get(url)).expect(403);
    }
  });
});
