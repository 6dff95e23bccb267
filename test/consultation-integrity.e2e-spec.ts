import { Logger } from '@nestjs/common';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { auditEvents, ConsultationJson, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

/**
 * A stored ciphertext that no longer decrypts (altered in the table, copied from another row, or
 * under a key no longer configured) must not turn a read into a 500: the record is answered with
 * that field null and named in `unreadableFields`, the failure is logged without the value, and
 * `consultation.integrity_failure` is audited in the read's transaction.
 */
describe('Unreadable encrypted fields', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let logged: jest.SpyInstance;

  beforeAll(async () => {
    ctx = await createE2eContext('integrity');
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => logged.mockRestore());

  const url = (id: string) => `/api/v1/consultations/${id}`;
  const stored = async (table: string, column: string, id: string): Promise<string> =>
    (await ctx.db.query(`SELECT ${column} AS v FROM ${table} WHERE id = $1`, [id])).rows[0].v;
  const store = (table: string, column: string, id: string, value: string) =>
    ctx.db.query(`UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [id, value]);
  /**
   * Flips the first character of the ciphertext part (the last one) of `v2.<iv>.<tag>.<ciphertext>`
   * (under the request's data key) or `v1.<keyId>.<iv>.<tag>.<ciphertext>`.
   */
  const altered = (value: string) => {
    const parts = value.split('.');
    const last = parts.length - 1;
    parts[last] = (parts[last][0] === 'A' ? 'B' : 'A') + parts[last].slice(1);
    return parts.join('.');
  };
  const lastPart = (value: string) => value.split('.').at(-1) as string;
  const underKey = (value: string, keyId: string) => {
    const parts = value.split('.');
    parts[1] = keyId;
    return parts.join('.');
  };
  /** A value in the form of the master-key scheme (v1) under `keyId`: what an old release wrote. */
  const legacyUnder = (keyId: string) => `v1.${keyId}.${'A'.repeat(16)}.${'A'.repeat(22)}.AAAA`;
  const integrityFailures = (consultationId: string) =>
    auditEvents(ctx, { action: 'consultation.integrity_failure', resourceId: consultationId });
  /** Everything given to Logger.error during the test, as one string. */
  const logText = () => JSON.stringify(logged.mock.calls);

  const file = (summary: string, overrides: Record<string, unknown> = {}): Promise<ConsultationJson> =>
    fileConsultation(ctx, actors.requester, { summary, ...overrides });

  it('answers a request whose summary was altered with 200, the summary null and named, the rest intact', async () => {
    const created = await file('Altered summary text about the situation at home.');
    const original = await stored('consultations', 'summary', created.id);
    await store('consultations', 'summary', created.id, altered(original));

    const res = await actors.investigator.auth(ctx.http.get(url(created.id)));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.id,
      reference: created.reference,
      status: 'submitted',
      summary: null,
      preferredContact: { channel: 'phone', phone: '+46701234567' },
      unreadableFields: ['summary'],
    });

    const [read] = await auditEvents(ctx, { action: 'consultation.read', resourceId: created.id });
    const [failure] = await integrityFailures(created.id);
    expect(failure).toMatchObject({
      outcome: 'failure',
      actor_id: actors.investigator.id,
      resource_type: 'consultation',
      details: { fields: ['summary'] },
    });
    // One transaction: the failure is appended right behind the read that met it.
    expect(BigInt(failure.seq)).toBe(BigInt(read.seq) + 1n);

    expect(logged).toHaveBeenCalledWith(
      {
        field: 'summary',
        table: 'consultations',
        column: 'summary',
        recordId: created.id,
        keyId: null,
        reason: 'authentication_failed',
      },
      expect.any(String),
    );
    expect(logText()).not.toContain('Altered summary text');
    expect(logText()).not.toContain(lastPart(original).slice(8));
  });

  it('does not show a summary copied from another request, and says why in the log', async () => {
    const source = await file('Source request text that belongs to another case.');
    const target = await file('Target request text, about a different situation.');
    const copied = await stored('consultations', 'summary', source.id);
    await store('consultations', 'summary', target.id, copied);

    const res = await actors.requester.auth(ctx.http.get(url(target.id)));
    expect(res.status).toBe(200);
    expect(res.body.summary).toBeNull();
    expect(res.body.unreadableFields).toEqual(['summary']);
    expect(JSON.stringify(res.body)).not.toContain('Source request text');
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ recordId: target.id, reason: 'authentication_failed' }),
      expect.any(String),
    );
    expect(logText()).not.toContain(lastPart(copied));
    const [failure] = await integrityFailures(target.id);
    expect(failure).toMatchObject({ actor_id: actors.requester.id, details: { fields: ['summary'] } });
  });

  it('answers a phone under a key no longer configured as unreadable (reason unknown_key)', async () => {
    const created = await file('Request whose contact phone was written with a retired key.');
    await store('consultations', 'contact_phone', created.id, legacyUnder('retired'));

    const res = await actors.supervisor.auth(ctx.http.get(url(created.id)));
    expect(res.status).toBe(200);
    expect(res.body.summary).toBe('Request whose contact phone was written with a retired key.');
    expect(res.body.preferredContact).toEqual({ channel: 'phone', phone: null });
    expect(res.body.unreadableFields).toEqual(['preferredContact.phone']);
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({
        field: 'preferredContact.phone',
        recordId: created.id,
        keyId: 'retired',
        reason: 'unknown_key',
      }),
      expect.any(String),
    );
    expect(logText()).not.toContain('46701234567');
  });

  it('answers every text of a request whose data key is wrapped by a retired key as unreadable', async () => {
    const created = await file('Request whose data key was wrapped by a retired key.');
    const { rows } = await ctx.db.query(
      `SELECT wrapped_key FROM consultation_keys WHERE consultation_id = $1`,
      [created.id],
    );
    await ctx.db.query(
      `UPDATE consultation_keys SET wrapped_key = $2, wrapping_key_id = 'retired' WHERE consultation_id = $1`,
      [created.id, underKey(rows[0].wrapped_key, 'retired')],
    );
    const res = await actors.supervisor.auth(ctx.http.get(url(created.id))).expect(200);
    expect(res.body).toMatchObject({
      summary: null,
      preferredContact: { channel: 'phone', phone: null },
      unreadableFields: ['summary', 'preferredContact.phone'],
    });
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ field: 'summary', keyId: 'retired', reason: 'data_key_unreadable' }),
      expect.any(String),
    );
    const [failure] = await integrityFailures(created.id);
    expect(failure).toMatchObject({ details: { fields: ['summary', 'preferredContact.phone'] } });
  });

  it('shows staff an altered priority override reason as null', async () => {
    const created = await file('Request whose override reason gets altered.');
    await actors.supervisor
      .auth(ctx.http.post(`${url(created.id)}/triage`))
      .send({ priority: 'high', reason: 'Escalating because of threats mentioned.' })
      .expect(200);
    const reason = await stored('consultations', 'priority_override_reason', created.id);
    await store('consultations', 'priority_override_reason', created.id, altered(reason));

    const res = await actors.investigator.auth(ctx.http.get(url(created.id)));
    expect(res.status).toBe(200);
    expect(res.body.priorityOverride).toMatchObject({ reason: null, overriddenBy: actors.supervisor.id });
    expect(res.body.unreadableFields).toEqual(['priorityOverride.reason']);
    // A requester is never shown the override, so nothing of theirs is unreadable.
    const own = await actors.requester.auth(ctx.http.get(url(created.id))).expect(200);
    expect(own.body.unreadableFields).toBeUndefined();
  });

  it('keeps an unreadable request listed, queued and workable', async () => {
    const created = await file('Urgent request whose summary got damaged.', {
      riskFactors: { immediateDanger: true, childrenInHousehold: false },
    });
    const original = await stored('consultations', 'summary', created.id);
    await store('consultations', 'summary', created.id, altered(original));

    // Lists carry no case text (nothing is decrypted for them), so the request is listed and queued as ever.
    const queue = await actors.investigator.auth(ctx.http.get('/api/v1/triage-queue?limit=100')).expect(200);
    const queued = queue.body.items.find((item: ConsultationJson) => item.id === created.id);
    expect(queued).toMatchObject({ priority: 'critical' });
    expect(queued).not.toHaveProperty('summary');

    const list = await actors.requester.auth(ctx.http.get('/api/v1/consultations?limit=100')).expect(200);
    expect(list.body.items.find((item: ConsultationJson) => item.id === created.id)).toMatchObject({
      id: created.id,
    });

    const claimed = await actors.investigator.auth(ctx.http.post(`${url(created.id)}/claim`));
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'assigned', summary: null, unreadableFields: ['summary'] });

    const failures = await integrityFailures(created.id);
    // Only the claim, which answers the case with its text, met it.
    expect(failures.map((event) => event.actor_id)).toEqual([actors.investigator.id]);
  });

  it('answers an altered message body as null in the thread, the other messages intact', async () => {
    const created = await file('Request with a thread where one message gets altered.');
    const post = (body: string) =>
      actors.investigator
        .auth(ctx.http.post(`${url(created.id)}/messages`))
        .send({ body })
        .expect(201);
    const first = await post('First message, left alone.');
    const second = await post('Second message, to be altered.');
    const body = await stored('consultation_messages', 'body', second.body.id);
    await store('consultation_messages', 'body', second.body.id, altered(body));

    const res = await actors.requester.auth(ctx.http.get(`${url(created.id)}/messages`));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: first.body.id, body: 'First message, left alone.' }),
      expect.objectContaining({ id: second.body.id, body: null, unreadableFields: ['body'] }),
    ]);
    expect(res.body.items[0].unreadableFields).toBeUndefined();

    const [list] = await auditEvents(ctx, { action: 'message.list', resourceId: created.id });
    const [failure] = await integrityFailures(created.id);
    expect(failure).toMatchObject({
      outcome: 'failure',
      actor_id: actors.requester.id,
      details: { fields: ['body'], messageId: second.body.id },
    });
    expect(BigInt(failure.seq)).toBe(BigInt(list.seq) + 1n);
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({
        field: 'body',
        table: 'consultation_messages',
        recordId: second.body.id,
        reason: 'authentication_failed',
      }),
      expect.any(String),
    );
    expect(logText()).not.toContain('to be altered');
  });

  it('writes no integrity event and no unreadableFields when everything decrypts', async () => {
    const created = await file('An untouched request reads normally.');
    const res = await actors.investigator.auth(ctx.http.get(url(created.id))).expect(200);
    expect(res.body.unreadableFields).toBeUndefined();
    expect(await integrityFailures(created.id)).toEqual([]);
    expect(logged).not.toHaveBeenCalled();
  });

  it('documents unreadableFields in the OpenAPI description', async () => {
    const res = await ctx.http.get('/api/docs-json').expect(200);
    const { ConsultationDto, MessageDto } = res.body.components.schemas;
    expect(ConsultationDto.properties.unreadableFields).toMatchObject({
      type: 'array',
      items: {
        type: 'string',
        enum: ['summary', 'preferredContact.phone', 'priorityOverride.reason', 'legalHold.reason'],
      },
    });
    expect(ConsultationDto.required).not.toContain('unreadableFields');
    expect(ConsultationDto.properties.summary.nullable).toBe(true);
    expect(MessageDto.properties.unreadableFields.items.enum).toEqual(['body']);
  });
});
