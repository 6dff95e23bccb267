import { databaseOptions } from '@app/platform';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConsultationFacts } from './consultation-facts.service';
import { ConsultationTriageWrites, TriageResult } from './consultation-triage-writes.service';
import { ConsultationRepository } from './consultation/consultation.repository';
import type { Priority } from './consultation/consultation.types';

/**
 * The seam between consultations and triage against PostgreSQL: what triage reads
 * (ConsultationFacts) and the system's changes it makes in its own transaction
 * (ConsultationTriageWrites), each a conditional statement that changes a request at most once.
 */
describe('ConsultationTriageWrites and ConsultationFacts', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: ConsultationRepository;
  let facts: ConsultationFacts;
  let writes: ConsultationTriageWrites;
  let requesterId: string;
  let investigatorId: string;
  let investigator2Id: string;
  let filed = 0;

  beforeAll(async () => {
    database = await createTestDatabase('triagewrites');
    dataSource = new DataSource(databaseOptions({ url: database.url, poolSize: 4 }));
    await dataSource.initialize();
    repository = new ConsultationRepository(dataSource);
    facts = new ConsultationFacts(repository);
    writes = new ConsultationTriageWrites(repository);
    const [org]: { id: string }[] = await dataSource.query(
      `INSERT INTO organizations (name, kind) VALUES ('Org', 'school') RETURNING id`,
    );
    const users: { id: string }[] = await dataSource.query(
      `INSERT INTO users (email, display_name, role, organization_id, password_hash)
       VALUES ('r@test.example', 'R', 'requester', $1, 'x'), ('i1@test.example', 'I1', 'investigator', NULL, 'x'),
              ('i2@test.example', 'I2', 'investigator', NULL, 'x')
       RETURNING id`,
      [org.id],
    );
    [requesterId, investigatorId, investigator2Id] = users.map((u) => u.id);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** A request as intake files it (`submitted`, unscored), `secondsAgo` old. */
  async function file(secondsAgo = 0): Promise<string> {
    const id = randomUUID();
    filed += 1;
    await dataSource.query(
      `INSERT INTO consultations (id, reference, status, concern_types, summary, subject, risk_factors,
         requested_support, contact_channel, requester_id, created_at)
       VALUES ($1, $2, 'submitted', '{domestic_violence}', 'v1.k.secret-ciphertext',
         '{"identified": false, "ageGroup": "adult"}', '{"immediateDanger": false, "childrenInHousehold": true}',
         '{advice}', 'phone', $3, date_trunc('milliseconds', now()) - make_interval(secs => $4))`,
      [id, `KONS-2026-${String(filed).padStart(6, '0')}`, requesterId, secondsAgo],
    );
    return id;
  }

  const result = (id: string, priority: Priority, overrides: Partial<TriageResult> = {}): TriageResult => ({
    id,
    riskScore: 42,
    priority,
    triageReasons: ['childrenInHousehold'],
    slaDueAt: new Date(Date.now() + 4 * 3600_000),
    suggestedAssigneeId: null,
    ...overrides,
  });

  const applyTriage = (results: TriageResult[]) =>
    dataSource.transaction((tx) => writes.applyTriage(tx, results));

  const row = async (id: string) =>
    (
      await dataSource.query(
        `SELECT status, version, priority, priority_rank AS "priorityRank", risk_score AS "riskScore",
           triage_reasons AS "triageReasons", sla_due_at AS "slaDueAt", assignee_id AS "assigneeId",
           suggested_assignee_id AS "suggestedAssigneeId"
         FROM consultations WHERE id = $1`,
        [id],
      )
    )[0];

  it('reads the facts triage scores, without case text; null or left out when unknown', async () => {
    const id = await file();
    const found = await facts.findForTriage(id);
    expect(found).toEqual({
      id,
      reference: expect.stringMatching(/^KONS-2026-/),
      status: 'submitted',
      concernTypes: ['domestic_violence'],
      riskFactors: { immediateDanger: false, childrenInHousehold: true },
      subject: { identified: false, ageGroup: 'adult' },
      createdAt: expect.any(Date),
      priority: null,
      assigneeId: null,
      slaDueAt: null,
      riskScore: null,
      priorityOverriddenAt: null,
    });
    expect(JSON.stringify(found)).not.toContain('secret-ciphertext');
    expect(await facts.findForTriage(randomUUID())).toBeNull();
    expect((await facts.findForTriageMany([id, randomUUID()])).map((f) => f.id)).toEqual([id]);
  });

  it('triages a submitted request once: a second try changes nothing', async () => {
    const id = await file();
    const due = new Date(Date.now() + 4 * 3600_000);
    const first = await applyTriage([
      result(id, 'high', { slaDueAt: due, suggestedAssigneeId: investigatorId }),
    ]);
    expect([...first]).toEqual([[id, { priority: 'high', status: 'triaged' }]]);
    expect((await applyTriage([result(id, 'low', { riskScore: 1 })])).size).toBe(0);
    expect(await row(id)).toEqual({
      status: 'triaged',
      version: 2,
      priority: 'high',
      priorityRank: 1,
      riskScore: 42,
      triageReasons: ['childrenInHousehold'],
      slaDueAt: due,
      assigneeId: null,
      suggestedAssigneeId: investigatorId,
    });
  });

  it('applies a batch in one call, each request on its own conditions, answering in id order', async () => {
    const ids = [await file(), await file(), await file(), await file()];
    const [scoredBefore, closed, ...fresh] = ids;
    await applyTriage([result(scoredBefore, 'normal')]);
    await dataSource.query(
      `UPDATE consultations SET status = 'closed', outcome = 'no_action' WHERE id = $1`,
      [closed],
    );
    const applied = await applyTriage(ids.map((id) => result(id, 'critical')));
    expect([...applied.keys()]).toEqual([...fresh].sort());
    expect([...applied.values()]).toEqual([
      { priority: 'critical', status: 'triaged' },
      { priority: 'critical', status: 'triaged' },
    ]);
    expect(await row(scoredBefore)).toMatchObject({ priority: 'normal' });
    expect(await row(closed)).toMatchObject({ status: 'closed', riskScore: null });
  });

  it('scores a request claimed before the worker saw it, keeping its status, and only once', async () => {
    const id = await file();
    expect(await repository.claim(id, investigatorId, ['submitted', 'triaged'], undefined)).not.toBeNull();
    expect([...(await applyTriage([result(id, 'normal', { riskScore: 12 })])).values()]).toEqual([
      { priority: 'normal', status: 'assigned' },
    ]);
    expect((await applyTriage([result(id, 'low', { riskScore: 1 })])).size).toBe(0);
    expect(await row(id)).toMatchObject({
      status: 'assigned',
      assigneeId: investigatorId,
      priority: 'normal',
      riskScore: 12,
    });
  });

  it('leaves a withdrawn request unscored', async () => {
    const id = await file();
    await repository.changeStatus(id, 'withdrawn', null);
    expect((await applyTriage([result(id, 'normal')])).size).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'withdrawn', riskScore: null });
  });

  it('refuses a triage computed before a person set the priority, takes one computed after, and keeps the person’s priority', async () => {
    const id = await file();
    expect((await facts.findForTriage(id))?.priorityOverriddenAt).toBeNull();
    await repository.overridePriority(id, {
      priority: 'low',
      priorityRank: 3,
      reasonCiphertext: 'v1.k.reason',
      overriddenBy: investigatorId,
    });
    expect((await applyTriage([result(id, 'high', { basedOnOverrideAt: null })])).size).toBe(0);
    const overriddenAt = (await facts.findForTriage(id))?.priorityOverriddenAt ?? null;
    expect(overriddenAt).toBeInstanceOf(Date);
    expect([
      ...(await applyTriage([result(id, 'high', { basedOnOverrideAt: overriddenAt })])).values(),
    ]).toEqual([{ priority: 'low', status: 'triaged' }]);
  });

  it('refuses an unknown priority before writing anything', async () => {
    const id = await file();
    await expect(applyTriage([result(id, 'urgent' as Priority)])).rejects.toThrow('unknown priority urgent');
    expect(await row(id)).toMatchObject({ status: 'submitted', riskScore: null });
  });

  it('writes in the caller’s transaction: a failure after the write leaves the request as it was', async () => {
    const id = await file();
    await expect(
      dataSource.transaction(async (tx) => {
        await writes.applyTriage(tx, [result(id, 'high')]);
        await writes.autoAssign(tx, id, investigatorId);
        throw new Error('the outbox insert failed');
      }),
    ).rejects.toThrow('the outbox insert failed');
    expect(await row(id)).toMatchObject({
      status: 'submitted',
      riskScore: null,
      assigneeId: null,
      version: 1,
    });
  });

  it('moves the deadline of a scored request only while it has the priority the deadline is for', async () => {
    const id = await file();
    await applyTriage([result(id, 'high')]);
    const critical = new Date(Date.now() + 3600_000);
    const reschedule = (priority: Priority, target = id) =>
      dataSource.transaction((tx) => writes.rescheduleDeadline(tx, target, { priority, slaDueAt: critical }));
    expect(await reschedule('critical')).toBe(false);
    expect(await reschedule('high')).toBe(true);
    expect(await row(id)).toMatchObject({ slaDueAt: critical, version: 3 });
    expect(await reschedule('high', await file())).toBe(false);
  });

  it('assigns automatically only while triaged and unassigned, and tells who takes part', async () => {
    const id = await file();
    const autoAssign = (investigator: string) =>
      dataSource.transaction((tx) => writes.autoAssign(tx, id, investigator));
    expect(await autoAssign(investigatorId)).toBe(false);
    await applyTriage([result(id, 'critical')]);
    expect(await autoAssign(investigatorId)).toBe(true);
    expect(await autoAssign(investigator2Id)).toBe(false);
    expect(await row(id)).toMatchObject({ status: 'assigned', assigneeId: investigatorId });
    expect(await facts.participants(id)).toEqual({
      reference: expect.stringMatching(/^KONS-2026-/),
      requesterId,
      assigneeId: investigatorId,
    });
    expect(await facts.participants(randomUUID())).toBeNull();
    const [load] = await facts.assignmentLoad([investigator2Id]);
    expect(load).toEqual({ investigatorId: investigator2Id, openAssigned: 0, lastAssignedAt: null });
  });

  it('lists open requests the worker has not scored, whatever their status, for the sweeper', async () => {
    const submitted = await file(120);
    const claimedEarly = await file(120);
    await repository.claim(claimedEarly, investigatorId, ['submitted'], undefined);
    const withdrawn = await file(120);
    await repository.changeStatus(withdrawn, 'withdrawn', null);
    const scored = await file(120);
    await applyTriage([result(scored, 'normal')]);
    const recent = await file();
    const stale = await facts.findStaleUnscored(60, 10_000);
    expect(stale).toEqual(expect.arrayContaining([submitted, claimedEarly]));
    expect(stale).not.toContain(withdrawn);
    expect(stale).not.toContain(scored);
    expect(stale).not.toContain(recent);
    expect(await facts.findStaleUnscored(3600, 10_000)).not.toContain(submitted);
  });

  it('lists triaged, unassigned requests past their deadline for the escalation sweep', async () => {
    const overdue = await file();
    await applyTriage([result(overdue, 'high', { slaDueAt: new Date(Date.now() - 600_000) })]);
    const notYet = await file();
    await applyTriage([result(notYet, 'high', { slaDueAt: new Date(Date.now() + 600_000) })]);
    const found = await facts.findOverdueUnassigned(60, 10_000);
    expect(found).toContainEqual({ id: overdue, slaDueAt: expect.any(Date) });
    expect(found.map((f) => f.id)).not.toContain(notYet);
  });
});
