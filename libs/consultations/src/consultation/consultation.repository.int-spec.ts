import { databaseOptions } from '@app/platform';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource, EntityManager } from 'typeorm';
import { ConsultationMessageRepository } from '../messages/consultation-message.repository';
import { ConsultationRepository } from './consultation.repository';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The sorts the API offers are served by indexes in the same order (docs/stack.md: keyset with a
 * row-value comparison on a matching index; no sort of the whole table per page). Checked on the
 * repository's own SQL with EXPLAIN over 20 000 rows.
 */
describe('ConsultationRepository query plans', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let consultations: ConsultationRepository;
  let messages: ConsultationMessageRepository;
  let requesterId: string;
  let investigatorId: string;
  let consultationId: string;

  /** Runs a repository method with EXPLAIN in front of its SQL and returns the plan's nodes. */
  async function planOf(run: (manager: EntityManager) => Promise<unknown>): Promise<PlanNode[]> {
    let plan: PlanNode | undefined;
    const explaining = {
      query: async (sql: string, params: unknown[]) => {
        const rows = await dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        plan = rows[0]['QUERY PLAN'][0].Plan;
        return [];
      },
    } as unknown as EntityManager;
    await run(explaining);
    if (!plan) throw new Error('no query ran');
    return nodes(plan);
  }

  const indexesUsed = (plan: PlanNode[]) => plan.filter((n) => n['Index Name']).map((n) => n['Index Name']);
  const sorts = (plan: PlanNode[]) =>
    plan.filter((n) => n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort');

  beforeAll(async () => {
    database = await createTestDatabase('consultationplans');
    dataSource = new DataSource(databaseOptions({ url: database.url, poolSize: 2 }));
    await dataSource.initialize();
    consultations = new ConsultationRepository(dataSource);
    messages = new ConsultationMessageRepository(dataSource);
    const org = await dataSource.query(
      `INSERT INTO organizations (name, kind) VALUES ('Org', 'school') RETURNING id`,
    );
    const users = await dataSource.query(
      `INSERT INTO users (email, display_name, role, organization_id, password_hash)
       SELECT 'u' || i || '@test.example', 'U', CASE WHEN i <= 40 THEN 'requester' ELSE 'investigator' END,
              CASE WHEN i <= 40 THEN $1::uuid END, 'x'
       FROM generate_series(1, 50) i RETURNING id, role`,
      [org[0].id],
    );
    const requesters = users
      .filter((u: { role: string }) => u.role === 'requester')
      .map((u: { id: string }) => u.id);
    const investigators = users
      .filter((u: { role: string }) => u.role === 'investigator')
      .map((u: { id: string }) => u.id);
    requesterId = requesters[0];
    investigatorId = investigators[0];
    await dataSource.query(
      `INSERT INTO consultations (id, reference, status, concern_types, summary, subject, risk_factors, requested_support,
         contact_channel, priority, priority_rank, sla_due_at, assignee_id, requester_id, created_at)
       SELECT gen_random_uuid(), 'KONS-0000-' || i,
              (ARRAY['submitted','triaged','assigned','in_progress'])[1 + i % 4],
              ARRAY[(ARRAY['other','prostitution','domestic_violence'])[1 + i % 3]], 'v1.k.x.y.z', '{}', '{}', '{advice}', 'meeting',
              (ARRAY['critical','high','normal','low'])[1 + i % 4], i % 4,
              CASE WHEN i % 5 = 0 THEN NULL ELSE now() + i * interval '1 minute' END,
              CASE WHEN i % 4 >= 2 THEN ($2::uuid[])[1 + i % 10] END,
              ($1::uuid[])[1 + i % 40],
              now() - i * interval '1 second'
       FROM generate_series(1, 20000) i`,
      [requesters, investigators],
    );
    await dataSource.query(
      `UPDATE consultations SET status = 'closed', outcome = 'referred' WHERE id IN (SELECT id FROM consultations LIMIT 30)`,
    );
    consultationId = (await dataSource.query(`SELECT id FROM consultations LIMIT 1`))[0].id;
    // Many short threads and one long one (the long one is what must not be sorted per page).
    await dataSource.query(
      `INSERT INTO consultation_messages (id, consultation_id, author_id, author_role, body, internal, created_at)
       SELECT gen_random_uuid(), c.id, $1, 'requester', 'v1.k.x.y.z', i % 3 = 0, now() - i * interval '1 second'
       FROM (SELECT id FROM consultations LIMIT 400) c, generate_series(1, 10) i`,
      [requesterId],
    );
    await dataSource.query(
      `INSERT INTO consultation_messages (id, consultation_id, author_id, author_role, body, internal, created_at)
       SELECT gen_random_uuid(), $2, $1, 'requester', 'v1.k.x.y.z', i % 3 = 0, now() - i * interval '1 second'
       FROM generate_series(1, 3000) i`,
      [requesterId, consultationId],
    );
    await dataSource.query('ANALYZE');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const after = { createdAt: new Date(Date.now() - 5000_000), id: '00000000-0000-4000-8000-000000000000' };

  it.each([
    ['all requests', {}, ['consultations_created_idx']],
    ["one requester's requests", () => ({ requesterId }), ['consultations_requester_idx']],
    // A common status is as cheap to find by walking the created index; either index is in order.
    ['one status', { status: 'triaged' as const }, ['consultations_status_idx', 'consultations_created_idx']],
    ["one investigator's requests", () => ({ assigneeId: investigatorId }), ['consultations_assignee_idx']],
  ])('pages %s newest first from a matching index, without sorting', async (_what, scope, indexes) => {
    const resolved = typeof scope === 'function' ? scope() : scope;
    for (const key of [undefined, after]) {
      const plan = await planOf((m) => consultations.list(resolved, key, 21, m));
      expect(indexes).toContain(indexesUsed(plan)[0]);
      expect(sorts(plan)).toEqual([]);
    }
  });

  it('finds a rare status through its index (sorting only the few rows it finds)', async () => {
    const plan = await planOf((m) => consultations.list({ status: 'closed' }, after, 21, m));
    expect(indexesUsed(plan)).toEqual(['consultations_status_idx']);
  });

  it('serves the triage queue, first and later pages, from its partial index in queue order', async () => {
    for (const key of [
      undefined,
      { rank: 1, slaDueAt: null, createdAt: new Date(), id: after.id },
      { rank: 2, slaDueAt: new Date(), createdAt: new Date(), id: after.id },
    ]) {
      const plan = await planOf((m) => consultations.findTriageQueue(key, 21, m));
      expect(indexesUsed(plan)).toEqual(['consultations_triage_queue_idx']);
      expect(sorts(plan)).toEqual([]);
    }
  });

  it('serves a long message thread oldest first from the thread indexes', async () => {
    for (const includeInternal of [true, false]) {
      const plan = await planOf((m) =>
        messages.listThread(consultationId, { includeInternal, limit: 21 }, m),
      );
      expect(indexesUsed(plan)).toEqual([
        includeInternal ? 'consultation_messages_thread_idx' : 'consultation_messages_public_idx',
      ]);
      expect(sorts(plan)).toEqual([]);
    }
  });

  it('returns the queue in priority, deadline (none last), age order', async () => {
    const page = await consultations.findTriageQueue(undefined, 200);
    const keys = page.map((c) => [
      c.priorityRank,
      c.slaDueAt ? c.slaDueAt.getTime() : Infinity,
      c.createdAt.getTime(),
    ]);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    expect(keys).toEqual(sorted);
    expect(page.every((c) => ['submitted', 'triaged'].includes(c.status) && c.assigneeId === null)).toBe(
      true,
    );
  });

  it('numbers references from the sequence, widening past six digits', async () => {
    await dataSource.query(`SELECT setval('consultation_reference_seq', 999998)`);
    const make = () =>
      consultations.insert({
        id: crypto.randomUUID(),
        concernTypes: ['other'],
        summaryCiphertext: 'v1.k.a.b.c',
        identified: false,
        subject: { identified: false },
        riskFactors: {
          immediateDanger: false,
          childrenInHousehold: false,
          threatsToKill: false,
          strangulation: false,
          weaponAccess: false,
          escalatingViolence: false,
          traffickingIndicators: false,
        },
        requestedSupport: ['advice'],
        contactChannel: 'meeting',
        contactPhoneCiphertext: null,
        priority: null,
        priorityRank: 2,
        requesterId,
        organizationId: null,
        key: { wrappedKey: 'v1.k.a.b.c', wrappingKeyId: 'k' },
      });
    const a = await make();
    const b = await make();
    expect(a.reference).toMatch(/^KONS-\d{4}-999999$/);
    expect(b.reference).toMatch(/^KONS-\d{4}-1000000$/);
  });
});
