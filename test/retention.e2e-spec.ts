import { ConsultationRetentionService } from '@app/consultations';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { RetentionProcessor } from '../apps/worker/src/processors/retention.processor';
import { Actor, Actors, createActors } from '@app/testing/e2e/actors';
import { auditEvents, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

/**
 * Retention (docs/retention.md): a purge leaves nothing of a request's text in the live database
 * (pg_dump), destroys its data key, keeps a tombstone and its audit trail, answers 410, and never
 * touches an open, recent or held request; a failure mid-batch leaves every request whole or gone.
 */
describe('Retention (gallring)', () => {
  let ctx: E2eContext;
  let actors: Actors;
  const canary = () => `canary-${randomBytes(6).toString('hex')}`;
  const url = (id: string) => `/api/v1/consultations/${id}`;
  const purge = () => ctx.app.get(ConsultationRetentionService).purgeDue();

  beforeAll(async () => {
    ctx = await createE2eContext('retention');
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  interface Case {
    id: string;
    reference: string;
    texts: string[];
  }

  /** A request worked through to closed, with text in every encrypted place, its canaries returned. */
  async function closedCase(requester: Actor = actors.requester): Promise<Case> {
    const texts = [canary(), canary(), canary(), canary(), canary(), canary()];
    const created = await fileConsultation(ctx, requester, {
      summary: `Summary ${texts[0]} about the situation at home.`,
      preferredContact: { channel: 'phone', phone: `+4670${Math.floor(1e6 + Math.random() * 8e6)}` },
    });
    const staff = actors.investigator;
    await staff.auth(ctx.http.post(`${url(created.id)}/claim`)).expect(200);
    await staff
      .auth(ctx.http.post(`${url(created.id)}/triage`))
      .send({ priority: 'high', reason: `Override ${texts[1]}` })
      .expect(200);
    await staff
      .auth(ctx.http.post(`${url(created.id)}/transitions`))
      .send({ to: 'in_progress', reason: `Start ${texts[2]}` })
      .expect(200);
    await staff
      .auth(ctx.http.post(`${url(created.id)}/messages`))
      .send({ body: `Message ${texts[3]}` })
      .expect(201);
    await staff
      .auth(ctx.http.post(`${url(created.id)}/messages`))
      .send({ body: `Internal note ${texts[4]}`, internal: true })
      .expect(201);
    await requester
      .auth(ctx.http.post(`${url(created.id)}/messages`))
      .send({ body: `Reply ${texts[5]}` })
      .expect(201);
    await staff
      .auth(ctx.http.post(`${url(created.id)}/transitions`))
      .send({ to: 'closed', outcome: 'advice_given' })
      .expect(200);
    return { id: created.id, reference: created.reference, texts };
  }

  /** Moves the end of the request back by `days` (milliseconds, as the service stores it). */
  const endedDaysAgo = (id: string, days: number) =>
    ctx.db.query(
      `UPDATE consultations SET closed_at = date_trunc('milliseconds', now() - make_interval(days => $2)) WHERE id = $1`,
      [id, days],
    );

  /** Every stored ciphertext and the wrapped key of a request (to look for after the purge). */
  async function storedSecrets(id: string): Promise<string[]> {
    const { rows } = await ctx.db.query(
      `SELECT summary AS v FROM consultations WHERE id = $1
       UNION ALL SELECT contact_phone FROM consultations WHERE id = $1
       UNION ALL SELECT priority_override_reason FROM consultations WHERE id = $1
       UNION ALL SELECT body FROM consultation_messages WHERE consultation_id = $1
       UNION ALL SELECT reason FROM consultation_status_changes WHERE consultation_id = $1 AND reason IS NOT NULL
       UNION ALL SELECT wrapped_key FROM consultation_keys WHERE consultation_id = $1`,
      [id],
    );
    return rows.map((row) => row.v as string).filter((v) => v !== null);
  }

  const dump = async () =>
    (
      await promisify(execFile)(
        'pg_dump',
        ['--data-only', '--no-owner', '-h', '127.0.0.1', '-U', 'postgres', ctx.database.name],
        { maxBuffer: 256 * 1024 * 1024 },
      )
    ).stdout;

  const count = async (sql: string, params: unknown[]) => Number((await ctx.db.query(sql, params)).rows[0].n);

  describe('a purge', () => {
    let purged: Case;
    let kept: Case;
    let secrets: string[];

    beforeAll(async () => {
      purged = await closedCase();
      kept = await closedCase();
      await endedDaysAgo(purged.id, 731);
      await endedDaysAgo(kept.id, 700);
      secrets = await storedSecrets(purged.id);
      expect(secrets.length).toBeGreaterThanOrEqual(8);
      // A notification, a mail record and an idempotency key that point to it.
      await ctx.db.query(
        `INSERT INTO mail_deliveries (recipient_id, kind, consultation_id, reference) VALUES ($1, 'message', $2, $3)`,
        [actors.investigator.id, purged.id, purged.reference],
      );
      await ctx.db.query(
        `INSERT INTO notifications (recipient_id, type, consultation_id, reference, dedupe_key)
         VALUES ($1, 'message.created', $2, $3, $4)`,
        [actors.requester.id, purged.id, purged.reference, `retention-${purged.id}`],
      );
      await ctx.db.query(
        `INSERT INTO consultation_idempotency_keys (user_id, key, request_hash, consultation_id, expires_at)
         VALUES ($1, $2, 'h', $3, now() + interval '1 day')`,
        [actors.requester.id, `key-${randomBytes(4).toString('hex')}`, purged.id],
      );
      expect(
        await count(`SELECT count(*) AS n FROM notifications WHERE consultation_id = $1`, [purged.id]),
      ).toBeGreaterThan(0);
      const report = await purge();
      expect(report.purged).toBeGreaterThanOrEqual(1);
    });

    it('leaves none of its ciphertext, its key or its text in a pg_dump of the whole database', async () => {
      const text = await dump();
      for (const secret of secrets) expect(text).not.toContain(secret);
      for (const plain of purged.texts) expect(text).not.toContain(plain);
      // The dump is the real thing: the kept request's ciphertext is in it.
      for (const secret of await storedSecrets(kept.id)) expect(text).toContain(secret);
    });

    it('deletes its key row and every row that points to it, and keeps a tombstone', async () => {
      for (const [table, column] of [
        ['consultations', 'id'],
        ['consultation_keys', 'consultation_id'],
        ['consultation_messages', 'consultation_id'],
        ['consultation_status_changes', 'consultation_id'],
        ['consultation_idempotency_keys', 'consultation_id'],
        ['notifications', 'consultation_id'],
        ['sla_escalations', 'consultation_id'],
        ['mail_deliveries', 'consultation_id'],
      ]) {
        expect(await count(`SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`, [purged.id])).toBe(0);
      }
      expect(
        await count(`SELECT count(*) AS n FROM outbox WHERE payload->>'consultationId' = $1`, [purged.id]),
      ).toBe(0);
      const { rows } = await ctx.db.query(`SELECT * FROM consultation_tombstones WHERE id = $1`, [purged.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        reference: purged.reference,
        status: 'closed',
        priority: 'high',
        outcome: 'advice_given',
      });
    });

    it('still opens the wrapped key of a request it did not purge', async () => {
      const res = await actors.investigator.auth(ctx.http.get(url(kept.id))).expect(200);
      expect(res.body.summary).toContain(kept.texts[0]);
      expect(res.body.unreadableFields).toBeUndefined();
      const thread = await actors.investigator.auth(ctx.http.get(`${url(kept.id)}/messages`)).expect(200);
      expect(thread.body.items.map((m: { body: string }) => m.body).join(' ')).toContain(kept.texts[4]);
    });

    it('answers 410 with the tombstone and purgedAt, to staff and to the requester who filed it', async () => {
      for (const actor of [actors.investigator, actors.supervisor, actors.requester]) {
        const res = await actor.auth(ctx.http.get(url(purged.id)));
        expect(res.status).toBe(410);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({
          status: 410,
          purgedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          tombstone: {
            id: purged.id,
            reference: purged.reference,
            status: 'closed',
            priority: 'high',
            concernTypes: ['domestic_violence'],
            outcome: 'advice_given',
            createdAt: expect.any(String),
            closedAt: expect.any(String),
          },
        });
        expect(res.body.tombstone.purgedAt).toBe(res.body.purgedAt);
        expect(JSON.stringify(res.body)).not.toContain(purged.texts[0]);
      }
      // Someone else's request stays 404, purged or not.
      await actors.requester2.auth(ctx.http.get(url(purged.id))).expect(404);
    });

    it('answers 410 on the other routes of a purged request', async () => {
      const staff = actors.supervisor;
      await staff.auth(ctx.http.get(`${url(purged.id)}/messages`)).expect(410);
      await staff
        .auth(ctx.http.post(`${url(purged.id)}/messages`))
        .send({ body: 'Too late.' })
        .expect(410);
      await staff
        .auth(ctx.http.post(`${url(purged.id)}/transitions`))
        .send({ to: 'in_progress' })
        .expect(410);
      await staff
        .auth(ctx.http.post(`${url(purged.id)}/legal-hold`))
        .send({ reason: 'Too late.' })
        .expect(410);
      await staff.auth(ctx.http.delete(`${url(purged.id)}/legal-hold`)).expect(410);
      await actors.investigator.auth(ctx.http.post(`${url(purged.id)}/claim`)).expect(410);
    });

    it('is audited as consultation.purged by the system, and the access log and the chain remain', async () => {
      const [event] = await auditEvents(ctx, { action: 'consultation.purged', resourceId: purged.id });
      expect(event).toMatchObject({ actor_id: null, actor_role: 'system', outcome: 'success' });
      expect(JSON.stringify(event.details)).not.toMatch(/canary/);
      const log = await actors.supervisor
        .auth(ctx.http.get(`${url(purged.id)}/access-log?limit=100`))
        .expect(200);
      const actions = log.body.items.map((item: { action: string }) => item.action);
      expect(actions).toEqual(expect.arrayContaining(['consultation.create', 'consultation.purged']));
      const verify = await actors.supervisor.auth(ctx.http.get('/api/v1/audit-events/verify')).expect(200);
      expect(verify.body.valid).toBe(true);
    });

    it('still counts the purged request in the statistics', async () => {
      const closedLive = await count(`SELECT count(*) AS n FROM consultations WHERE status = 'closed'`, []);
      const res = await actors.supervisor.auth(ctx.http.get('/api/v1/stats/queue')).expect(200);
      expect(JSON.stringify(res.body)).toBeTruthy();
      const byStatus = res.body.byStatus ?? res.body.counts?.byStatus;
      expect(byStatus.closed).toBeGreaterThanOrEqual(closedLive + 1);
    });

    it('does nothing more when run again', async () => {
      const before = await count(
        `SELECT count(*) AS n FROM audit_events WHERE action = 'consultation.purged'`,
        [],
      );
      expect((await purge()).purged).toBe(0);
      expect(
        await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'consultation.purged'`, []),
      ).toBe(before);
    });
  });

  it('never touches an open request, a recently ended one or one under legal hold; purges withdrawn ones', async () => {
    const open = await fileConsultation(ctx, actors.requester);
    await ctx.db.query(`UPDATE consultations SET created_at = now() - interval '3000 days' WHERE id = $1`, [
      open.id,
    ]);
    const recent = await closedCase();
    await endedDaysAgo(recent.id, 729);
    const held = await closedCase();
    await endedDaysAgo(held.id, 2000);
    const hold = await actors.supervisor
      .auth(ctx.http.post(`${url(held.id)}/legal-hold`))
      .send({ reason: 'Court case T 1234-26 needs the file.' })
      .expect(200);
    expect(hold.body.legalHold).toMatchObject({
      reason: 'Court case T 1234-26 needs the file.',
      by: actors.supervisor.id,
    });
    const withdrawn = await fileConsultation(ctx, actors.requester);
    const gone = await actors.requester
      .auth(ctx.http.post(`${url(withdrawn.id)}/transitions`))
      .send({ to: 'withdrawn' })
      .expect(200);
    expect(gone.body.closedAt).toEqual(expect.any(String));
    await endedDaysAgo(withdrawn.id, 800);

    await purge();
    await actors.investigator.auth(ctx.http.get(url(open.id))).expect(200);
    await actors.investigator.auth(ctx.http.get(url(recent.id))).expect(200);
    await actors.investigator.auth(ctx.http.get(url(held.id))).expect(200);
    await actors.investigator.auth(ctx.http.get(url(withdrawn.id))).expect(410);

    // Released, the held request goes at the next run (here: the worker's job).
    const released = await actors.supervisor.auth(ctx.http.delete(`${url(held.id)}/legal-hold`)).expect(200);
    expect(released.body.legalHold).toBeNull();
    const worker = await ctx.startWorker();
    await worker.get(RetentionProcessor).purge();
    await actors.investigator.auth(ctx.http.get(url(held.id))).expect(410);
  });

  it('clears the end time when a supervisor reopens a closed request', async () => {
    const reopened = await closedCase();
    await endedDaysAgo(reopened.id, 900);
    const res = await actors.supervisor
      .auth(ctx.http.post(`${url(reopened.id)}/transitions`))
      .send({ to: 'in_progress' })
      .expect(200);
    expect(res.body.closedAt).toBeNull();
    await purge();
    await actors.investigator.auth(ctx.http.get(url(reopened.id))).expect(200);
  });

  describe('legal hold', () => {
    it('keeps the reason encrypted under the request key, out of the audit trail, and from requesters', async () => {
      const created = await fileConsultation(ctx, actors.requester);
      const reason = `Hold reason ${canary()}`;
      const res = await actors.supervisor
        .auth(ctx.http.post(`${url(created.id)}/legal-hold`))
        .send({ reason })
        .expect(200);
      expect(res.body.legalHold).toEqual({ reason, since: expect.any(String), by: actors.supervisor.id });
      const { rows } = await ctx.db.query(`SELECT legal_hold_reason FROM consultations WHERE id = $1`, [
        created.id,
      ]);
      expect(rows[0].legal_hold_reason).toMatch(/^v2\./);
      const [event] = await auditEvents(ctx, { action: 'consultation.legal_hold', resourceId: created.id });
      expect(event).toMatchObject({ actor_id: actors.supervisor.id, outcome: 'success' });
      expect(JSON.stringify(event.details)).not.toContain('Hold reason');
      const own = await actors.requester.auth(ctx.http.get(url(created.id))).expect(200);
      expect(own.body.legalHold).toBeUndefined();
      const released = await actors.supervisor
        .auth(ctx.http.delete(`${url(created.id)}/legal-hold`))
        .expect(200);
      expect(released.body.legalHold).toBeNull();
      const { rows: after } = await ctx.db.query(
        `SELECT legal_hold_reason FROM consultations WHERE id = $1`,
        [created.id],
      );
      expect(after[0].legal_hold_reason).toBeNull();
      const [release] = await auditEvents(ctx, {
        action: 'consultation.legal_hold_release',
        resourceId: created.id,
      });
      expect(release).toMatchObject({ outcome: 'success' });
    });

    it('refuses a missing or empty reason (400), an investigator (403) and an unknown request (404)', async () => {
      const created = await fileConsultation(ctx, actors.requester);
      await actors.supervisor
        .auth(ctx.http.post(`${url(created.id)}/legal-hold`))
        .send({})
        .expect(400);
      await actors.supervisor
        .auth(ctx.http.post(`${url(created.id)}/legal-hold`))
        .send({ reason: '  ' })
        .expect(400);
      await actors.investigator
        .auth(ctx.http.post(`${url(created.id)}/legal-hold`))
        .send({ reason: 'Not mine to set.' })
        .expect(403);
      await actors.supervisor
        .auth(ctx.http.post(`${url('00000000-0000-4000-8000-000000000000')}/legal-hold`))
        .send({ reason: 'Nobody here.' })
        .expect(404);
    });
  });

  describe('GET /retention/upcoming', () => {
    it('lists what is due within the window, soonest first, without case text or held requests', async () => {
      const soon = await closedCase();
      const later = await closedCase();
      const far = await closedCase();
      const held = await closedCase();
      await endedDaysAgo(soon.id, 725);
      await endedDaysAgo(later.id, 715);
      await endedDaysAgo(far.id, 600);
      await endedDaysAgo(held.id, 725);
      await actors.supervisor
        .auth(ctx.http.post(`${url(held.id)}/legal-hold`))
        .send({ reason: 'Kept for audit.' })
        .expect(200);

      const res = await actors.supervisor
        .auth(ctx.http.get('/api/v1/retention/upcoming?days=30&limit=100'))
        .expect(200);
      const ids = res.body.items.map((item: { id: string }) => item.id);
      expect(ids.indexOf(soon.id)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(later.id)).toBeGreaterThan(ids.indexOf(soon.id));
      expect(ids).not.toContain(far.id);
      expect(ids).not.toContain(held.id);
      const item = res.body.items.find((i: { id: string }) => i.id === soon.id);
      expect(Object.keys(item).sort()).toEqual([
        'closedAt',
        'id',
        'legalHoldSince',
        'priority',
        'purgeDueAt',
        'reference',
        'status',
      ]);
      expect(item.legalHoldSince).toBeNull();
      expect(JSON.stringify(res.body)).not.toMatch(/canary/);

      // Asked for, the held request is listed too, in its place, with the time of its hold.
      const withHeld = await actors.supervisor
        .auth(ctx.http.get('/api/v1/retention/upcoming?days=30&limit=100&includeHeld=true'))
        .expect(200);
      const heldIds = withHeld.body.items.map((i: { id: string }) => i.id);
      expect(heldIds).toContain(held.id);
      expect(heldIds).not.toContain(far.id);
      expect(heldIds.indexOf(later.id)).toBeGreaterThan(heldIds.indexOf(soon.id));
      const heldItem = withHeld.body.items.find((i: { id: string }) => i.id === held.id);
      expect(heldItem.legalHoldSince).toEqual(expect.any(String));
      expect(withHeld.body.items.find((i: { id: string }) => i.id === soon.id).legalHoldSince).toBeNull();
      const [heldRead] = (await auditEvents(ctx, { action: 'retention.read' })).slice(-1);
      expect(heldRead).toMatchObject({ details: { days: 30, includeHeld: true } });
      expect(JSON.stringify(withHeld.body)).not.toMatch(/canary|Kept for audit/);

      // Pages follow each other without repeats.
      const first = await actors.supervisor
        .auth(ctx.http.get('/api/v1/retention/upcoming?days=30&limit=1'))
        .expect(200);
      expect(first.body.items).toHaveLength(1);
      const second = await actors.supervisor
        .auth(ctx.http.get(`/api/v1/retention/upcoming?days=30&limit=1&cursor=${first.body.nextCursor}`))
        .expect(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      const [event] = (await auditEvents(ctx, { action: 'retention.read' })).slice(-1);
      expect(event).toMatchObject({
        actor_id: actors.supervisor.id,
        details: { days: 30, includeHeld: false },
      });
    });

    it('refuses a bad window or cursor with 400', async () => {
      for (const query of ['days=-1', 'days=400', 'days=abc', 'cursor=nope', 'limit=0', 'includeHeld=yes']) {
        const res = await actors.supervisor.auth(ctx.http.get(`/api/v1/retention/upcoming?${query}`));
        expect(res.status).toBe(400);
      }
    });
  });

  it('leaves every request whole or fully purged when a statement fails in the middle of a batch', async () => {
    // Everything else due is purged first, so the batch below holds exactly these requests.
    await purge();
    const cases: Case[] = [];
    for (let i = 0; i < 4; i++) cases.push(await closedCase());
    for (const c of cases) await endedDaysAgo(c.id, 1000);
    // The third request's messages refuse to go: its cascading delete fails half way through the batch.
    const victim = cases[2].id;
    await ctx.db.query(`
      CREATE FUNCTION refuse_purge() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await ctx.db.query(
      `CREATE TRIGGER refuse_purge BEFORE DELETE ON consultation_messages FOR EACH ROW
       WHEN (OLD.consultation_id = '${victim}') EXECUTE FUNCTION refuse_purge()`,
    );
    await expect(purge()).rejects.toThrow(/simulated crash/);
    for (const c of cases) {
      const res = await actors.investigator.auth(ctx.http.get(url(c.id))).expect(200);
      expect(res.body.summary).toContain(c.texts[0]);
      expect(
        await count(`SELECT count(*) AS n FROM consultation_keys WHERE consultation_id = $1`, [c.id]),
      ).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM consultation_tombstones WHERE id = $1`, [c.id])).toBe(0);
      expect(
        await count(`SELECT count(*) AS n FROM consultation_messages WHERE consultation_id = $1`, [c.id]),
      ).toBe(3);
    }
    await ctx.db.query(`DROP TRIGGER refuse_purge ON consultation_messages`);
    await ctx.db.query(`DROP FUNCTION refuse_purge()`);
    expect((await purge()).purged).toBe(4);
    for (const c of cases) {
      await actors.investigator.auth(ctx.http.get(url(c.id))).expect(410);
      expect(
        await count(`SELECT count(*) AS n FROM consultation_messages WHERE consultation_id = $1`, [c.id]),
      ).toBe(0);
    }
    const verify = await actors.supervisor.auth(ctx.http.get('/api/v1/audit-events/verify')).expect(200);
    expect(verify.body.valid).toBe(true);
  });
});
