import { randomUUID } from 'node:crypto';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { auditEvents, consultationBody, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

/** docs/api.md "Consultation requests": POST /consultations. */
describe('Consultation intake (POST /consultations)', () => {
  let ctx: E2eContext;
  let actors: Actors;

  beforeAll(async () => {
    ctx = await createE2eContext('intake');
    actors = await createActors(ctx);
  });
  afterAll(() => ctx.close());

  const post = (body: unknown, actor = actors.requester) =>
    actor
      .auth(ctx.http.post('/api/v1/consultations'))
      .set('Content-Type', 'application/json')
      .send(body as object);
  const postWithKey = (key: string, body: unknown, actor = actors.requester) =>
    actor
      .auth(ctx.http.post('/api/v1/consultations'))
      .set('Idempotency-Key', key)
      .send(body as object);
  const countRequests = async (requesterId: string) =>
    Number(
      (await ctx.db.query(`SELECT count(*) AS n FROM consultations WHERE requester_id = $1`, [requesterId]))
        .rows[0].n,
    );
  const fieldsOf = (res: { body: { errors?: { field: string }[] } }) =>
    (res.body.errors ?? []).map((e) => e.field);
  const expectProblem = (res: { status: number; headers: Record<string, string> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  describe('a valid request', () => {
    it('answers 201 with the consultation, status submitted, a KONS reference and version 1', async () => {
      const res = await post(consultationBody());
      expect(res.status).toBe(201);
      const year = new Date().getFullYear();
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        reference: expect.stringMatching(new RegExp(`^KONS-(${year}|${year + 1})-\\d{6}$`)),
        status: 'submitted',
        version: 1,
        concernTypes: ['domestic_violence'],
        summary: consultationBody().summary,
        subject: { identified: false, ageGroup: 'adult', gender: 'female' },
        riskFactors: {
          immediateDanger: false,
          childrenInHousehold: true,
          threatsToKill: false,
          strangulation: false,
          weaponAccess: false,
          escalatingViolence: true,
          traffickingIndicators: false,
        },
        requestedSupport: ['advice'],
        preferredContact: { channel: 'phone', phone: '+46701234567' },
        priority: null,
        riskScore: null,
        triageReasons: [],
        slaDueAt: null,
        assigneeId: null,
        requesterId: actors.requester.id,
        organizationId: actors.org.id,
        outcome: null,
        closedAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.body.advice).toBeUndefined();
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    });

    it('gives every request its own reference, also when filed concurrently', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => post(consultationBody())));
      expect(answers.map((r) => r.status)).toEqual(Array(12).fill(201));
      const references = answers.map((r) => r.body.reference);
      expect(new Set(references).size).toBe(12);
    });

    it('defaults the optional risk factors to false and the subject to de-identified', async () => {
      const res = await post(
        consultationBody({
          subject: undefined,
          riskFactors: { immediateDanger: false, childrenInHousehold: false },
          preferredContact: { channel: 'secure_message' },
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body.subject).toEqual({ identified: false });
      expect(Object.values(res.body.riskFactors)).toEqual(Array(7).fill(false));
      expect(res.body.preferredContact).toEqual({ channel: 'secure_message' });
    });

    it('writes the triage job and the audit event in the same transaction as the request', async () => {
      const created = await fileConsultation(ctx, actors.requester);
      const outbox = await ctx.db.query(
        `SELECT job_name, job_id, payload, xmin::text AS tx FROM outbox WHERE payload->>'consultationId' = $1`,
        [created.id],
      );
      expect(outbox.rows).toEqual([
        {
          job_name: 'consultation.submitted',
          job_id: `triage-${created.id}`,
          payload: { consultationId: created.id },
          tx: expect.any(String),
        },
      ]);
      const row = await ctx.db.query(`SELECT xmin::text AS tx FROM consultations WHERE id = $1`, [
        created.id,
      ]);
      const audit = await ctx.db.query(
        `SELECT xmin::text AS tx, action, actor_id, actor_role, outcome, details FROM audit_events WHERE resource_id = $1 ORDER BY seq`,
        [created.id],
      );
      expect(audit.rows).toEqual([
        {
          tx: row.rows[0].tx,
          action: 'consultation.create',
          actor_id: actors.requester.id,
          actor_role: 'requester',
          outcome: 'success',
          details: { status: 'submitted', immediateDanger: false },
        },
      ]);
      expect(outbox.rows[0].tx).toBe(row.rows[0].tx);
    });
  });

  describe('immediate danger', () => {
    it('answers with advice to call 112 and the referral resources, and makes the request critical at once', async () => {
      const res = await post(
        consultationBody({ riskFactors: { immediateDanger: true, childrenInHousehold: false } }),
      );
      expect(res.status).toBe(201);
      expect(res.body.priority).toBe('critical');
      expect(res.body.advice).toEqual({
        message: expect.stringContaining('call 112 now'),
        emergencyNumber: '112',
        resources: expect.arrayContaining([
          expect.objectContaining({ phone: '020-390 000' }),
          expect.objectContaining({ name: expect.stringMatching(/service centre/) }),
        ]),
      });
    });

    it('gives no advice without immediate danger', async () => {
      const res = await post(consultationBody());
      expect(res.body.advice).toBeUndefined();
    });
  });

  describe('validation', () => {
    it.each([
      ['an unknown top-level field', { colour: 'red' }, 'colour'],
      ['a server-set status', { status: 'closed' }, 'status'],
      ['a server-set requesterId', { requesterId: randomUUID() }, 'requesterId'],
      ['a server-set priority', { priority: 'critical' }, 'priority'],
      [
        'an unknown field inside riskFactors',
        { riskFactors: { immediateDanger: false, childrenInHousehold: false, extra: true } },
        'riskFactors.extra',
      ],
      ['an unknown field inside subject', { subject: { identified: false, name: 'x' } }, 'subject.name'],
      [
        'an unknown field inside preferredContact',
        { preferredContact: { channel: 'meeting', email: 'x' } },
        'preferredContact.email',
      ],
      [
        'a missing immediateDanger',
        { riskFactors: { childrenInHousehold: true } },
        'riskFactors.immediateDanger',
      ],
      [
        'a missing childrenInHousehold',
        { riskFactors: { immediateDanger: false } },
        'riskFactors.childrenInHousehold',
      ],
      [
        'a string for a risk factor',
        { riskFactors: { immediateDanger: 'yes', childrenInHousehold: true } },
        'riskFactors.immediateDanger',
      ],
      [
        'a null risk factor',
        { riskFactors: { immediateDanger: false, childrenInHousehold: true, strangulation: null } },
        'riskFactors.strangulation',
      ],
      [
        'a phone channel without a phone',
        { preferredContact: { channel: 'phone' } },
        'preferredContact.phone',
      ],
      [
        'a malformed phone',
        { preferredContact: { channel: 'phone', phone: 'call me' } },
        'preferredContact.phone',
      ],
      ['an unknown channel', { preferredContact: { channel: 'pigeon' } }, 'preferredContact.channel'],
      ['an unknown concern type', { concernTypes: ['burglary'] }, 'concernTypes'],
      ['no concern types', { concernTypes: [] }, 'concernTypes'],
      ['a concern type given twice', { concernTypes: ['other', 'other'] }, 'concernTypes'],
      ['no requested support', { requestedSupport: [] }, 'requestedSupport'],
      ['an unknown requested support', { requestedSupport: ['money'] }, 'requestedSupport'],
      ['a summary of 9 characters', { summary: '123456789' }, 'summary'],
      ['a summary of 5001 characters', { summary: 'a'.repeat(5001) }, 'summary'],
      ['a summary of only spaces', { summary: ' '.repeat(20) }, 'summary'],
      ['a number for the summary', { summary: 12345678901 }, 'summary'],
      ['an unknown age group', { subject: { identified: false, ageGroup: 'teen' } }, 'subject.ageGroup'],
      ['an unknown gender', { subject: { identified: false, gender: 'x' } }, 'subject.gender'],
      ['a null subject', { subject: null }, 'subject'],
      [
        'an array for riskFactors',
        { riskFactors: [{ immediateDanger: false, childrenInHousehold: false }] },
        'riskFactors',
      ],
      ['a string for preferredContact', { preferredContact: 'phone' }, 'preferredContact'],
      ['an array for subject', { subject: [{ identified: false }] }, 'subject'],
    ])('refuses %s with a 400 naming the field', async (_what, override, field) => {
      const res = await post(consultationBody(override));
      expectProblem(res, 400);
      expect(fieldsOf(res)).toContain(field);
    });

    it('lists every bad field at once', async () => {
      const res = await post({ summary: 'short', riskFactors: {}, preferredContact: { channel: 'phone' } });
      expectProblem(res, 400);
      expect(fieldsOf(res)).toEqual(
        expect.arrayContaining([
          'concernTypes',
          'summary',
          'riskFactors.immediateDanger',
          'riskFactors.childrenInHousehold',
          'requestedSupport',
          'preferredContact.phone',
        ]),
      );
    });

    it.each([
      ['null', 'null'],
      ['an array', '[1,2]'],
      ['a string', '"text"'],
      ['a number', '42'],
      ['malformed JSON', '{"summary": '],
      ['a __proto__ key', '{"__proto__": {"status": "closed"}}'],
      [
        'a nested __proto__ key',
        JSON.stringify(consultationBody()).replace('"riskFactors":{', '"riskFactors":{"__proto__":{"x":1},'),
      ],
    ])('refuses %s as the body with a 400 problem', async (_what, raw) => {
      const res = await actors.requester
        .auth(ctx.http.post('/api/v1/consultations'))
        .set('Content-Type', 'application/json')
        .send(raw);
      expectProblem(res, 400);
    });

    it('refuses a body over the size limit with 413', async () => {
      const res = await post(consultationBody({ summary: 'x'.repeat(3 * 1024 * 1024) }));
      expectProblem(res, 413);
    });

    it('stores nothing for a refused request', async () => {
      const before = await countRequests(actors.requester2.id);
      await post(consultationBody({ status: 'closed' }), actors.requester2);
      expect(await countRequests(actors.requester2.id)).toBe(before);
    });
  });

  describe('de-identified by default', () => {
    it.each([
      [
        'a personal identity number',
        'The mother, 811228-9874, is hit by the father at home.',
        '811228-9874',
        /personal identity number/,
      ],
      [
        'a 12-digit personal identity number',
        'The mother 198112289874 is hit by the father at home.',
        '198112289874',
        /personal identity number/,
      ],
      [
        'a coordination number',
        'The woman has coordination number 701063-2391 and is exploited.',
        '701063-2391',
        /coordination number/,
      ],
      [
        'an email address',
        'Contact her on anna.andersson@example.se, she is afraid at home.',
        'anna.andersson',
        /email address/,
      ],
      [
        'a phone number',
        'Her phone is 070-123 45 67 and she fears her partner at home.',
        '123 45 67',
        /phone number/,
      ],
      [
        'a personal identity number with spaces around an em dash',
        'The mother, 811228 \u2014 98 74, is hit by the father at home.',
        '98 74',
        /personal identity number/,
      ],
      [
        'an email address written with (at)',
        'Write to anna.andersson (at) example.se, she is afraid at home.',
        'anna.andersson',
        /email address/,
      ],
      [
        'a phone number grouped with dots',
        'Her phone is 070.123.45.67 and she fears her partner at home.',
        '123.45',
        /phone number/,
      ],
    ])(
      'refuses a summary with %s, saying what to remove and why without echoing it',
      async (_what, summary, secret, explanation) => {
        const res = await post(consultationBody({ summary }));
        expectProblem(res, 400);
        expect(res.body.errors).toEqual([{ field: 'summary', message: expect.stringMatching(explanation) }]);
        expect(res.body.errors[0].message).toMatch(/de-identified/);
        expect(JSON.stringify(res.body)).not.toContain(secret);
      },
    );

    it('accepts the same summary when the request says it identifies the person', async () => {
      const res = await post(
        consultationBody({
          summary: 'The mother, 811228-9874, is hit by the father at home.',
          subject: { identified: true },
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body.subject.identified).toBe(true);
    });

    it('accepts ordinary numbers such as dates, ages and counts', async () => {
      const res = await post(
        consultationBody({
          summary:
            'Since 2024-03-01 the 34-year-old has been hit 3 times at home; next meeting 01.04.2026 at 14.30, ' +
            'rent 8 500 kr \u2014 she looks at it as a way out.',
        }),
      );
      expect(res.status).toBe(201);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the same consultation for the same key and body, creating nothing new', async () => {
      const key = randomUUID();
      const body = consultationBody({
        summary: 'Idempotent submission number one, described without names.',
      });
      const first = await postWithKey(key, body);
      const before = await countRequests(actors.requester.id);
      const again = await postWithKey(key, body);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await countRequests(actors.requester.id)).toBe(before);
      const jobs = await ctx.db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'consultationId' = $1`,
        [first.body.id],
      );
      expect(jobs.rows[0].n).toBe(1);
    });

    it('treats the same body with its keys in another order as the same request', async () => {
      const key = randomUUID();
      const body = consultationBody();
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const first = await postWithKey(key, body);
      const again = await postWithKey(key, reordered);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
    });

    it('replays the advice of an immediate-danger request', async () => {
      const key = randomUUID();
      const body = consultationBody({ riskFactors: { immediateDanger: true, childrenInHousehold: true } });
      await postWithKey(key, body);
      const again = await postWithKey(key, body);
      expect(again.status).toBe(201);
      expect(again.body.advice.emergencyNumber).toBe('112');
    });

    it('answers 422 for the same key with another body', async () => {
      const key = randomUUID();
      await postWithKey(key, consultationBody());
      const res = await postWithKey(
        key,
        consultationBody({ summary: 'A different description of another situation.' }),
      );
      expectProblem(res, 422);
      expect(res.body.detail).toMatch(/different request body/);
    });

    it('creates exactly one consultation for concurrent requests with one key', async () => {
      const key = randomUUID();
      const body = consultationBody({ summary: 'Concurrent retries of one submission, without any names.' });
      const before = await countRequests(actors.requester.id);
      const answers = await Promise.all(Array.from({ length: 8 }, () => postWithKey(key, body)));
      expect(answers.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
      expect(await countRequests(actors.requester.id)).toBe(before + 1);
    });

    it('keeps keys per user: another user with the same key gets their own consultation', async () => {
      const key = randomUUID();
      const body = consultationBody();
      const mine = await postWithKey(key, body, actors.requester);
      const theirs = await postWithKey(key, body, actors.requester2);
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.body.requesterId).toBe(actors.requester2.id);
    });

    it('forgets a key after 24 hours', async () => {
      const key = randomUUID();
      const body = consultationBody();
      const first = await postWithKey(key, body);
      const stored = await ctx.db.query(
        `SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM consultation_idempotency_keys WHERE key = $1`,
        [key],
      );
      expect(stored.rows[0].ttl).toBe(24 * 3600);
      await ctx.db.query(
        `UPDATE consultation_idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`,
        [key],
      );
      const later = await postWithKey(
        key,
        consultationBody({ summary: 'After a day the key may be used again for new text.' }),
      );
      expect(later.status).toBe(201);
      expect(later.body.id).not.toBe(first.body.id);
    });

    it('stores the hash and the consultation id, never the case text', async () => {
      const key = randomUUID();
      const summary = 'Unique idempotency privacy text quokka-7731 about the home.';
      const first = await postWithKey(key, consultationBody({ summary }));
      const row = await ctx.db.query(
        `SELECT row_to_json(k)::text AS raw, consultation_id FROM consultation_idempotency_keys k WHERE key = $1`,
        [key],
      );
      expect(row.rows[0].consultation_id).toBe(first.body.id);
      expect(row.rows[0].raw).not.toContain('quokka');
      expect(row.rows[0].raw).not.toContain('+46701234567');
    });

    it('refuses a malformed key with a 400 naming the header', async () => {
      const res = await postWithKey('has spaces in it', consultationBody());
      expectProblem(res, 400);
      expect(fieldsOf(res)).toEqual(['Idempotency-Key']);
      expectProblem(await postWithKey('k'.repeat(256), consultationBody()), 400);
    });
  });

  describe('who may file', () => {
    it.each(['investigator', 'supervisor', 'admin'] as const)('refuses a %s with 403', async (role) => {
      const res = await post(consultationBody(), actors[role]);
      expectProblem(res, 403);
    });

    it('refuses an anonymous caller with 401', async () => {
      expectProblem(await ctx.http.post('/api/v1/consultations').send(consultationBody()), 401);
    });
  });

  describe('privacy at rest', () => {
    it('stores the summary and the contact phone only encrypted, bound to the row', async () => {
      const summary = 'Plaintext canary narwhal-4411 must never be stored as such.';
      const created = await fileConsultation(ctx, actors.requester, {
        summary,
        preferredContact: { channel: 'phone', phone: '+46 70 999 88 77' },
      });
      const { rows } = await ctx.db.query(
        `SELECT row_to_json(c)::text AS raw, summary, contact_phone FROM consultations c WHERE id = $1`,
        [created.id],
      );
      expect(rows[0].raw).not.toContain('narwhal');
      expect(rows[0].raw).not.toContain('999 88 77');
      // v2: under the request's own data key, which is stored only wrapped by ENCRYPTION_KEYS.
      expect(rows[0].summary).toMatch(/^v2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
      expect(rows[0].contact_phone).toMatch(/^v2\./);
      const key = await ctx.db.query(
        `SELECT wrapped_key, wrapping_key_id FROM consultation_keys WHERE consultation_id = $1`,
        [created.id],
      );
      expect(key.rows).toHaveLength(1);
      expect(key.rows[0].wrapped_key).toMatch(
        new RegExp(
          `^v1\\.${key.rows[0].wrapping_key_id}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$`,
        ),
      );
      const everywhere = await ctx.db.query(
        `SELECT (SELECT count(*) FROM audit_events a WHERE row_to_json(a)::text LIKE '%narwhal%')
              + (SELECT count(*) FROM outbox o WHERE row_to_json(o)::text LIKE '%narwhal%') AS n`,
      );
      expect(Number(everywhere.rows[0].n)).toBe(0);
      // Intake answers from the text it encrypted; reading back proves the stored values decrypt to it.
      const read = await actors.requester.auth(ctx.http.get(`/api/v1/consultations/${created.id}`));
      expect(read.body.summary).toBe(summary);
      expect(read.body.preferredContact).toEqual({ channel: 'phone', phone: '+46 70 999 88 77' });
    });

    it('does not decrypt a summary copied into another row: answered as unreadable, never as the other text', async () => {
      const a = await fileConsultation(ctx, actors.requester2, {
        summary: 'First request text, about a situation at home.',
      });
      const b = await fileConsultation(ctx, actors.requester2, {
        summary: 'Second request text, about another situation.',
      });
      await ctx.db.query(
        `UPDATE consultations SET summary = (SELECT summary FROM consultations WHERE id = $1) WHERE id = $2`,
        [a.id, b.id],
      );
      const res = await actors.requester2.auth(ctx.http.get(`/api/v1/consultations/${b.id}`));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: b.id, summary: null, unreadableFields: ['summary'] });
      expect(JSON.stringify(res.body)).not.toContain('First request text');
    });
  });

  it('audits nothing but field names and statuses for a create', async () => {
    const created = await fileConsultation(ctx, actors.requester, {
      summary: 'Audit canary wombat-9931 in the text here.',
    });
    const [event] = await auditEvents(ctx, { action: 'consultation.create', resourceId: created.id });
    expect(JSON.stringify(event.details)).not.toMatch(/wombat|\+467/);
  });
});
