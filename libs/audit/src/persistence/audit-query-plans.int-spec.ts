import { DataSource } from 'typeorm';
import { AuditEventFilter } from './audit-event.record';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditTestDb, createAuditTestDb } from '../testing/audit-test-db';

/**
 * The review queries stay index range scans, first page and deep page alike, for every filter of
 * GET /audit-events: no sequential scan, no sort of more than a handful of rows, few rows touched. 100k synthetic events by
 * default (a few seconds); AUDIT_PLAN_EVENTS=1000000 measures at a million and prints the timings.
 */
const EVENTS = Number(process.env.AUDIT_PLAN_EVENTS ?? 100_000);
const BASE = Date.UTC(2026, 0, 1);
const ACTOR = (n: number) => `md5('actor' || ${n})::uuid`;
const CASE = (n: number) => `md5('case' || ${n})::uuid::text`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe(`audit review query plans at ${EVENTS} events`, () => {
  let db: AuditTestDb;
  let explainer: DataSource;
  const timings: string[] = [];

  beforeAll(async () => {
    db = await createAuditTestDb('auditplans');
    // Synthetic rows (hashes are not checked here): 200 actors, 20 actions (half of all events are
    // consultation.read), 50k consultations, 3% refused or failed, one event a second.
    await db.admin.query(`
      INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, resource_type, resource_id, outcome, details, prev_hash, hash)
      SELECT g, to_timestamp(${BASE / 1000} + g), md5('actor' || (g % 200))::uuid,
             (ARRAY['investigator', 'supervisor', 'requester'])[1 + g % 3],
             CASE WHEN g % 2 = 0 THEN 'consultation.read' ELSE (ARRAY['consultation.list', 'auth.login', 'auth.refresh', 'message.list',
               'message.create', 'consultation.create', 'consultation.claim', 'consultation.transition', 'audit.read', 'audit.export',
               'user.create', 'auth.logout', 'consultation.triage', 'consultation.assign', 'access.denied', 'auth.login_failed',
               'organization.create', 'audit.verify', 'user.update'])[1 + (g / 2) % 19] END,
             CASE WHEN g % 10 = 1 THEN 'user' WHEN g % 10 = 3 THEN 'session' ELSE 'consultation' END,
             CASE WHEN g % 10 IN (1, 3) THEN md5('actor' || (g % 200))::uuid::text ELSE md5('case' || ((g::bigint * 7919) % 50000))::uuid::text END,
             CASE WHEN g % 50 = 7 THEN 'denied' WHEN g % 100 = 11 THEN 'failure' ELSE 'success' END,
             '{}'::jsonb, md5(g::text), md5((g + 1)::text)
      FROM generate_series(1, ${EVENTS}) AS g`);
    await db.admin.query(
      `UPDATE audit_chain_head SET seq = ${EVENTS}, last_occurred_at = to_timestamp(${BASE / 1000 + EVENTS})`,
    );
    await db.admin.query(`VACUUM ANALYZE audit_events`);
    explainer = db.dataSource;
  }, 600_000);
  afterAll(async () => {
    if (process.env.AUDIT_PLAN_EVENTS) console.log(timings.join('\n'));
    await db.close();
  });

  /** Runs the repository's own query under EXPLAIN ANALYZE by capturing the SQL it sends. */
  async function explain(filter: AuditEventFilter, beforeSeq: number | null) {
    let captured: { sql: string; params: unknown[] } | null = null;
    const spy = {
      query: (sql: string, params: unknown[]) => (
        (captured = { sql, params }),
        Promise.resolve({ rows: [], affected: 0 })
      ),
    };
    await new AuditEventsRepository(db.db).findNewestFirst(spy as never, filter, beforeSeq, 21);
    const { sql, params } = captured!;
    const [row] = await explainer.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
    const plan = row['QUERY PLAN'][0];
    return { root: plan.Plan as PlanNode, ms: plan['Execution Time'] as number };
  }

  const mid = Math.floor(EVENTS / 2);
  const t = (sec: number) => new Date(BASE + sec * 1000);
  const cases: [string, AuditEventFilter][] = [
    ['no filter', {}],
    ['actorId', { actorId: '' }],
    ['action (common)', { action: 'consultation.read' }],
    ['action (rare)', { action: 'audit.verify' }],
    ['resourceType (rare)', { resourceType: 'user' }],
    ['resourceType + resourceId', { resourceType: 'consultation', resourceId: '' }],
    ['outcome denied', { outcome: 'denied' }],
    ['outcome success', { outcome: 'success' }],
    ['from/to (an hour, long ago)', { from: t(1000), to: t(4600) }],
    ['from/to (a day, long ago)', { from: t(2000), to: t(2000 + Math.min(86_400, EVENTS / 4)) }],
    ['from/to (a third of all, long ago)', { from: t(EVENTS / 10), to: t(EVENTS / 10 + EVENTS / 3) }],
    [
      'action (common) + from/to (a week)',
      { action: 'consultation.read', from: t(mid), to: t(mid + 7 * 86_400) },
    ],
    ['actorId + from/to (a day)', { actorId: '', from: t(mid / 2), to: t(mid / 2 + 86_400) }],
  ];

  it.each(cases)('%s: first and deep page are index scans touching few rows', async (name, template) => {
    const filter = { ...template };
    const [ids] = await db.admin
      .query(`SELECT ${ACTOR(17)}::text AS actor, ${CASE(4242)} AS case_id`)
      .then((r) => r.rows);
    if (filter.actorId === '') filter.actorId = ids.actor;
    if (filter.resourceId === '') filter.resourceId = ids.case_id;
    for (const [page, before] of [
      ['first', null],
      ['deep', mid],
    ] as const) {
      const { root, ms } = await explain(filter, before);
      const all = nodes(root);
      const onEvents = all.filter((n) => n['Relation Name'] === 'audit_events');
      expect(onEvents.map((n) => n['Node Type'])).not.toContain('Seq Scan');
      // A sort is fine only over a handful of rows (the planner's choice for tiny sets); never over a large one.
      for (const sort of all.filter((n) => n['Node Type'] === 'Sort')) {
        const input = (sort.Plans ?? []).reduce(
          (sum, n) => sum + (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1),
          0,
        );
        expect(input).toBeLessThan(5000);
      }
      const touched = onEvents.reduce(
        (sum, n) =>
          sum + ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0)) * (n['Actual Loops'] ?? 1),
        0,
      );
      expect(touched).toBeLessThan(5000);
      timings.push(
        `${name.padEnd(30)} ${page.padEnd(5)} ${ms.toFixed(2).padStart(8)} ms  ${touched} rows touched`,
      );
    }
  });
});
