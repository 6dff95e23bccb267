import { databaseOptions } from '@app/platform';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { autoAssignJobId, slaWarningJobId } from './escalation-schedule';
import { SlaEscalationRepository } from './sla-escalation.repository';

const HOUR = 3600_000;

/**
 * sla_escalations against PostgreSQL: each firing is recorded once (what makes the escalation
 * handlers idempotent), and the sweep finds the warning and auto-assignment jobs that were
 * published but never fired (lost with Redis) from the outbox.
 */
describe('SlaEscalationRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let escalations: SlaEscalationRepository;
  let requesterId: string;
  let filed = 0;

  beforeAll(async () => {
    database = await createTestDatabase('slaescalations');
    dataSource = new DataSource(databaseOptions({ url: database.url, poolSize: 2 }));
    await dataSource.initialize();
    escalations = new SlaEscalationRepository(dataSource);
    const [org]: { id: string }[] = await dataSource.query(
      `INSERT INTO organizations (name, kind) VALUES ('Org', 'school') RETURNING id`,
    );
    const [user]: { id: string }[] = await dataSource.query(
      `INSERT INTO users (email, display_name, role, organization_id, password_hash)
       VALUES ('r@test.example', 'R', 'requester', $1, 'x') RETURNING id`,
      [org.id],
    );
    requesterId = user.id;
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function file(): Promise<string> {
    const id = randomUUID();
    filed += 1;
    await dataSource.query(
      `INSERT INTO consultations (id, reference, status, concern_types, summary, subject, risk_factors,
         requested_support, contact_channel, requester_id)
       VALUES ($1, $2, 'triaged', '{other}', 'v1.k.x', '{}', '{}', '{advice}', 'phone', $3)`,
      [id, `KONS-2026-${String(filed).padStart(6, '0')}`, requesterId],
    );
    return id;
  }

  /** An outbox row as the relay leaves it: published (or not), due to run at `runAt`. */
  async function outboxRow(
    job: { name: string; jobId: string; payload: Record<string, unknown> },
    runAt: Date,
    published = true,
  ): Promise<void> {
    await dataSource.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, run_at, published_at)
       VALUES ('triage', $1, $2, $3, $4, CASE WHEN $5::boolean THEN now() END)`,
      [job.name, job.jobId, JSON.stringify(job.payload), runAt, published],
    );
  }

  const warning = (consultationId: string, dueAt: Date) => ({
    name: 'consultation.sla_warning',
    jobId: slaWarningJobId(consultationId, dueAt),
    payload: { consultationId, dueAt: dueAt.toISOString() },
  });
  const autoAssign = (consultationId: string, dueAt: Date) => ({
    name: 'consultation.auto_assign',
    jobId: autoAssignJobId(consultationId, dueAt),
    payload: { consultationId },
  });

  it('records a firing once: a redelivered job finds it on record', async () => {
    const consultationId = await file();
    const dueAt = new Date(Date.now() + HOUR);
    const firing = { consultationId, kind: 'breach' as const, round: 1, dueAt };
    expect(await escalations.recordFiring(firing)).toBe(true);
    expect(await escalations.recordFiring(firing)).toBe(false);
    expect(await escalations.recordFiring({ ...firing, round: 2 })).toBe(true);
    // A new deadline (a person changed the priority) has rounds of its own.
    expect(await escalations.recordFiring({ ...firing, dueAt: new Date(dueAt.getTime() + HOUR) })).toBe(true);
    expect(await escalations.recordFiring({ consultationId, kind: 'warning', round: 0, dueAt })).toBe(true);
    const recorded: { kind: string; n: number }[] = await dataSource.query(
      `SELECT kind, count(*)::int AS n FROM sla_escalations WHERE consultation_id = $1 GROUP BY kind ORDER BY kind`,
      [consultationId],
    );
    expect(recorded).toEqual([
      { kind: 'breach', n: 3 },
      { kind: 'warning', n: 1 },
    ]);
  });

  it('gives the latest breach round of the current deadline only, per request', async () => {
    const [a, b, none] = [await file(), await file(), await file()];
    const dueAt = new Date(Date.now() - HOUR);
    const earlier = new Date(dueAt.getTime() - HOUR);
    for (const round of [1, 2, 3])
      await escalations.recordFiring({ consultationId: a, kind: 'breach', round, dueAt });
    await escalations.recordFiring({ consultationId: b, kind: 'breach', round: 5, dueAt: earlier });
    await escalations.recordFiring({ consultationId: b, kind: 'breach', round: 1, dueAt });
    const latest = await escalations.latestBreachRounds([
      { id: a, slaDueAt: dueAt },
      { id: b, slaDueAt: dueAt },
      { id: none, slaDueAt: dueAt },
    ]);
    expect([...latest].sort()).toEqual(
      [
        [a, 3],
        [b, 1],
      ].sort(),
    );
    expect((await escalations.latestBreachRounds([])).size).toBe(0);
  });

  it('finds published warnings and auto-assignments that should have run and never fired, once each', async () => {
    const ahead = new Date(Date.now() + HOUR);
    const lost = await file();
    await outboxRow(warning(lost, ahead), new Date(Date.now() - 10 * 60_000));
    // The sweep's own re-creation of the same job: still one entry.
    await outboxRow(
      { ...warning(lost, ahead), jobId: `${warning(lost, ahead).jobId}-sweep-1` },
      new Date(Date.now() - 5 * 60_000),
    );
    const lostAutoAssign = await file();
    await outboxRow(autoAssign(lostAutoAssign, ahead), new Date(Date.now() - 10 * 60_000));

    const fired = await file();
    await outboxRow(warning(fired, ahead), new Date(Date.now() - 10 * 60_000));
    await escalations.recordFiring({ consultationId: fired, kind: 'warning', round: 0, dueAt: ahead });
    const unpublished = await file();
    await outboxRow(warning(unpublished, ahead), new Date(Date.now() - 10 * 60_000), false);
    const withinGrace = await file();
    await outboxRow(warning(withinGrace, ahead), new Date(Date.now() - 30_000));
    const deadlinePassed = await file();
    const passed = new Date(Date.now() - 60_000);
    await outboxRow(warning(deadlinePassed, passed), new Date(Date.now() - 10 * 60_000));
    const tooOld = await file();
    await outboxRow(autoAssign(tooOld, ahead), new Date(Date.now() - 3 * HOUR));

    const options = { graceSeconds: 120, autoAssignLookbackSeconds: 2 * 3600, limit: 100 };
    const unfired = await escalations.findUnfired(options);
    expect(unfired).toHaveLength(2);
    expect(unfired).toEqual(
      expect.arrayContaining([
        { kind: 'warning', consultationId: lost, dueAt: ahead },
        { kind: 'auto_assign', consultationId: lostAutoAssign, dueAt: ahead },
      ]),
    );

    // In pages, in (request, kind) order.
    const [first] = await escalations.findUnfired({ ...options, limit: 1 });
    const second = await escalations.findUnfired({ ...options, limit: 1, after: first });
    expect([first, ...second]).toEqual(unfired);
  });
});
