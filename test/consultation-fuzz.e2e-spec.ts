import fc from 'fast-check';
import { Actors, createActors } from '@app/testing/e2e/actors';
import { consultationBody, ConsultationJson, fileConsultation } from '@app/testing/e2e/consultation-fixtures';
import { createE2eContext, E2eContext } from './support/e2e-context';

/**
 * docs/api.md: "No input, however malformed, produces a 5xx." Property-based: hundreds of
 * generated bodies, query strings and headers against the consultation routes; every answer must
 * be a 2xx or a 4xx problem.
 */
describe('Consultation routes under malformed input (property-based)', () => {
  let ctx: E2eContext;
  let actors: Actors;
  let consultation: ConsultationJson;

  beforeAll(async () => {
    ctx = await createE2eContext('cfuzz');
    actors = await createActors(ctx);
    consultation = await fileConsultation(ctx, actors.requester);
  });
  afterAll(() => ctx.close());

  /** Keys that have tripped object handling elsewhere, plus the real field names. */
  const key = fc.oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'summary',
      'concernTypes',
      'subject',
      'riskFactors',
      'immediateDanger',
      'childrenInHousehold',
      'requestedSupport',
      'preferredContact',
      'channel',
      'phone',
      'identified',
      'status',
      'to',
      'outcome',
      'reason',
      'body',
      'internal',
      'priority',
      'investigatorId',
    ),
    fc.string({ maxLength: 12 }),
  );

  /** Any JSON value, with hostile keys and long strings mixed in. */
  const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.nat({ max: 20000 }).map((n) => 'x'.repeat(n)),
      fc.constantFrom('', ' ', 'null', 'true', '0', '1e999', '\u0000', '811228-9874', 'closed', 'phone'),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((entries) => entriesToJsonObject(entries)),
    ),
  })).value;

  /** A valid body with one path replaced, removed, or given an extra field. */
  const mutatedBody = fc
    .tuple(
      fc.constantFrom(
        [],
        ['concernTypes'],
        ['summary'],
        ['subject'],
        ['subject', 'identified'],
        ['subject', 'ageGroup'],
        ['riskFactors'],
        ['riskFactors', 'immediateDanger'],
        ['riskFactors', 'childrenInHousehold'],
        ['riskFactors', 'weaponAccess'],
        ['requestedSupport'],
        ['preferredContact'],
        ['preferredContact', 'channel'],
        ['preferredContact', 'phone'],
      ),
      fc.constantFrom('replace', 'delete', 'add'),
      key,
      junk,
    )
    .map(([path, how, extraKey, value]) =>
      JSON.stringify(mutate(consultationBody(), path, how, extraKey, value)),
    )
    .map((json) => json);

  /** Raw JSON texts, including `__proto__` as a real key at any depth (JSON.stringify cannot write it). */
  const rawBody = fc.oneof(
    junk.map((value) => JSON.stringify(value) ?? 'null'),
    mutatedBody,
    mutatedBody.map((json) => json.replace('{', '{"__proto__":{"status":"closed"},')),
    mutatedBody.map((json) =>
      json.replace('"riskFactors":{', '"riskFactors":{"constructor":{"prototype":{"x":1}},'),
    ),
    fc.string({ maxLength: 60 }),
  );

  const expectNo5xx = (res: { status: number; body: unknown }, what: string) => {
    if (res.status >= 500) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.status >= 400) expect((res.body as { status?: number }).status).toBe(res.status);
  };

  const send = (path: string, raw: string, actor = actors.requester) =>
    actor.auth(ctx.http.post(path)).set('Content-Type', 'application/json').send(raw);

  it('never answers 5xx to a generated POST /consultations body', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, async (raw) => {
        expectNo5xx(await send('/api/v1/consultations', raw), `POST /consultations ${raw.slice(0, 200)}`);
      }),
      { numRuns: 400 },
    );
  });

  it('never answers 5xx to generated bodies on the workflow and message routes', async () => {
    const routes = [
      ['transitions', actors.requester],
      ['transitions', actors.supervisor],
      ['messages', actors.requester],
      ['messages', actors.investigator],
      ['triage', actors.investigator],
      ['assign', actors.supervisor],
      ['claim', actors.investigator],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), rawBody, async ([route, actor], raw) => {
        const path = `/api/v1/consultations/${consultation.id}/${route}`;
        expectNo5xx(await send(path, raw, actor), `POST ${route} as ${actor.role} ${raw.slice(0, 200)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('never answers 5xx to generated query strings, path ids and headers', async () => {
    const printable = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 60,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('limit', 'cursor', 'status', 'priority', 'assigneeId', 'concernType', 'x'),
          printable,
          { maxKeys: 4 },
        ),
        printable,
        printable,
        fc.constantFrom(actors.requester, actors.investigator, actors.supervisor),
        async (query, id, header, actor) => {
          const qs = new URLSearchParams(query).toString();
          expectNo5xx(
            await actor.auth(ctx.http.get(`/api/v1/consultations?${qs}`)),
            `GET /consultations?${qs}`,
          );
          expectNo5xx(
            await actor.auth(ctx.http.get(`/api/v1/triage-queue?${qs}`)),
            `GET /triage-queue?${qs}`,
          );
          expectNo5xx(
            await actor.auth(ctx.http.get(`/api/v1/consultations/${consultation.id}/messages?${qs}`)),
            `GET messages?${qs}`,
          );
          expectNo5xx(
            await actor.auth(ctx.http.get(`/api/v1/consultations/${encodeURIComponent(id)}`)),
            `GET /consultations/${id}`,
          );
          const withHeaders = actor
            .auth(ctx.http.post(`/api/v1/consultations/${consultation.id}/transitions`))
            .set('If-Match', header)
            .send({ to: 'withdrawn' });
          expectNo5xx(await withHeaders, `If-Match ${header}`);
          if (actor === actors.requester) {
            const idempotent = actor
              .auth(ctx.http.post('/api/v1/consultations'))
              .set('Idempotency-Key', header)
              .send(consultationBody());
            expectNo5xx(await idempotent, `Idempotency-Key ${header}`);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});

/** Builds JSON object text from entries, so keys like `__proto__` become real keys. */
function entriesToJsonObject(entries: [string, unknown][]): unknown {
  const object: Record<string, unknown> = Object.create(null);
  for (const [k, v] of entries)
    Object.defineProperty(object, k, { value: v, enumerable: true, writable: true, configurable: true });
  return object;
}

function mutate(
  body: Record<string, unknown>,
  path: readonly string[],
  how: string,
  extraKey: string,
  value: unknown,
): unknown {
  if (path.length === 0) {
    if (how === 'add')
      return entriesToJsonObject([...Object.entries(body), [extraKey, value]] as [string, unknown][]);
    return value;
  }
  const parent = path
    .slice(0, -1)
    .reduce<Record<string, unknown>>((node, part) => node[part] as Record<string, unknown>, body);
  const last = path[path.length - 1];
  if (how === 'delete') delete parent[last];
  else if (
    how === 'add' &&
    parent[last] !== null &&
    typeof parent[last] === 'object' &&
    !Array.isArray(parent[last])
  ) {
    Object.defineProperty(parent[last] as object, extraKey, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else parent[last] = value;
  return body;
}
