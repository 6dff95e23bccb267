import type { AuditEventInput, AuditRecorder } from '@app/audit';
import type {
  ConsultationFacts,
  ConsultationTriageWrites,
  TriageFacts,
  TriageResult,
  WorkerTriageApplied,
} from '@app/consultations';
import { Database, OutboxMessage, OutboxService, Tx, validateEnvironment } from '@app/platform';
import type { AssignmentService } from './assignment/assignment.service';
import type { AvailabilityService } from '@app/staffing';
import { TriageSettings } from './config/triage-settings';
import { TriageConfig, triageConfig } from './triage.config';
import type { NotificationsService } from '@app/notifications';
import type { StaffDirectory } from '@app/staffing';
import { TRIAGE_BATCH_MAX, TriageService } from './triage.service';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const facts = (n: number, overrides: Partial<TriageFacts> = {}): TriageFacts => ({
  id: id(n),
  reference: `REF-${n}`,
  status: 'submitted',
  concernTypes: ['domestic_violence'],
  riskFactors: {
    immediateDanger: false,
    childrenInHousehold: false,
    threatsToKill: false,
    strangulation: false,
    weaponAccess: false,
    escalatingViolence: false,
    traffickingIndicators: false,
  },
  subject: { identified: false },
  createdAt: new Date(),
  priority: null,
  assigneeId: null,
  slaDueAt: null,
  riskScore: null,
  priorityOverriddenAt: null,
  ...overrides,
});

/** What a fake transaction saw: the requests it applied, then its outbox rows and audit events, in order. */
interface FakeTransaction {
  ids: string[];
  outbox: OutboxMessage[];
  audited: AuditEventInput[];
  /** Every write, in the order made. */
  writes: string[];
}

/**
 * An in-memory stand-in for the database and the consultations side: it records every committed
 * transaction (one that throws is rolled back: not recorded) and applies a request once, like the
 * conditional UPDATE does.
 */
class FakeConsultations {
  readonly rows = new Map<string, TriageFacts>();
  readonly transactions: FakeTransaction[] = [];
  reads = 0;
  /** Throws from the transaction of any batch that holds this id. */
  poison: string | null = null;
  /** Ids whose next apply loses to a person's override (nothing applied, the facts change). */
  readonly overriddenNext = new Set<string>();
  /** Resolves the transactions in flight only when released (to let jobs pile up). */
  gate: Promise<void> | null = null;

  readonly dataSource = {
    transaction: async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
      if (this.gate) await this.gate;
      const tx: FakeTransaction = { ids: [], outbox: [], audited: [], writes: [] };
      const result = await work(tx as unknown as Tx);
      this.transactions.push(tx);
      return result;
    },
  };

  readonly facts = {
    findForTriageMany: async (ids: string[]): Promise<TriageFacts[]> => {
      this.reads += 1;
      return ids.flatMap((i) => (this.rows.has(i) ? [{ ...(this.rows.get(i) as TriageFacts) }] : []));
    },
  };

  readonly writes = {
    applyTriage: async (
      manager: Tx,
      results: readonly TriageResult[],
    ): Promise<Map<string, WorkerTriageApplied>> => {
      const tx = manager as unknown as FakeTransaction;
      const ids = results.map((r) => r.id);
      tx.ids.push(...ids);
      tx.writes.push('consultations');
      if (this.poison && ids.includes(this.poison)) throw new Error(`cannot triage ${this.poison}`);
      const applied = new Map<string, WorkerTriageApplied>();
      for (const result of results) {
        const row = this.rows.get(result.id) as TriageFacts;
        if (this.overriddenNext.delete(result.id)) {
          this.rows.set(result.id, { ...row, priority: 'high', priorityOverriddenAt: new Date() });
          continue;
        }
        if (row.riskScore !== null) continue;
        this.rows.set(result.id, {
          ...row,
          riskScore: result.riskScore,
          priority: result.priority,
          status: 'triaged',
        });
        applied.set(result.id, { priority: result.priority, status: 'triaged' });
      }
      return applied;
    },
  };

  readonly audit = {
    recordMany: async (manager: Tx, events: AuditEventInput[]) => {
      const tx = manager as unknown as FakeTransaction;
      tx.audited.push(...events);
      tx.writes.push('audit');
    },
  };
}

function service(consultations: FakeConsultations): TriageService {
  const outbox = {
    enqueueMany: async (manager: Tx, messages: OutboxMessage[]) => {
      const tx = manager as unknown as FakeTransaction;
      tx.outbox.push(...messages);
      tx.writes.push('outbox');
    },
  } as unknown as OutboxService;
  return new TriageService(
    consultations.dataSource as unknown as Database,
    consultations.facts as unknown as ConsultationFacts,
    consultations.writes as unknown as ConsultationTriageWrites,
    consultations.audit as unknown as AuditRecorder,
    { onDutyInvestigatorIds: async () => [] } as unknown as AvailabilityService,
    { suggestAssignee: async () => null } as unknown as AssignmentService,
    { notify: async () => 0 } as unknown as NotificationsService,
    outbox,
    new TriageSettings(new TriageConfig(validateEnvironment({}, [triageConfig]))),
    { activeIds: async () => [] } as unknown as StaffDirectory,
  );
}

describe('TriageService batches', () => {
  let consultations: FakeConsultations;
  let triage: TriageService;

  beforeEach(() => {
    consultations = new FakeConsultations();
    for (let n = 1; n <= 40; n++) consultations.rows.set(id(n), facts(n));
    triage = service(consultations);
  });

  it('triages a lone request at once, in a transaction of its own, audited as the system, last', async () => {
    await expect(triage.triage(id(1))).resolves.toBe('triaged');
    expect(consultations.transactions.map((t) => t.ids)).toEqual([[id(1)]]);
    const [transaction] = consultations.transactions;
    expect(transaction.writes).toEqual(['consultations', 'outbox', 'audit']);
    expect(transaction.audited).toEqual([
      {
        action: 'consultation.triage',
        resourceType: 'consultation',
        resourceId: id(1),
        actorId: null,
        actorRole: 'system',
        details: { priority: expect.any(String), riskScore: expect.any(Number), automatic: true },
      },
    ]);
  });

  it('triages jobs that arrive while a batch runs together, at most TRIAGE_BATCH_MAX per transaction', async () => {
    let release = () => {};
    consultations.gate = new Promise<void>((r) => (release = r));
    const first = [triage.triage(id(1)), triage.triage(id(2))];
    await new Promise((r) => setImmediate(r));
    const rest = Array.from({ length: 38 }, (_, k) => triage.triage(id(k + 3)));
    release();
    consultations.gate = null;
    const outcomes = await Promise.all([...first, ...rest]);

    expect(outcomes.every((o) => o === 'triaged')).toBe(true);
    const sizes = consultations.transactions.map((t) => t.ids.length);
    expect(sizes.every((size) => size <= TRIAGE_BATCH_MAX)).toBe(true);
    // 40 requests in far fewer transactions than requests, each request in exactly one of them.
    expect(consultations.transactions.length).toBeLessThanOrEqual(5);
    expect(consultations.transactions.flatMap((t) => t.ids).sort()).toEqual(
      Array.from({ length: 40 }, (_, k) => id(k + 1)).sort(),
    );
    // Each transaction carries the escalation jobs and audit events of its own requests only.
    for (const t of consultations.transactions) {
      const ids = new Set(t.outbox.map((m) => (m.payload as { consultationId: string }).consultationId));
      expect([...ids].sort()).toEqual([...t.ids].sort());
      expect(t.audited.map((e) => e.resourceId).sort()).toEqual([...t.ids].sort());
    }
  });

  it('answers each job for its own request: already triaged, closed, unknown', async () => {
    consultations.rows.set(id(2), facts(2, { riskScore: 40, status: 'triaged' }));
    consultations.rows.set(id(3), facts(3, { status: 'closed' }));
    const outcomes = await Promise.all([
      triage.triage(id(1)),
      triage.triage(id(2)),
      triage.triage(id(3)),
      triage.triage(id(99)),
    ]);
    expect(outcomes).toEqual(['triaged', 'already_triaged', 'not_open', 'not_found']);
  });

  it('scores a request whose job came twice in one batch once; the second job finds it scored', async () => {
    let release = () => {};
    consultations.gate = new Promise<void>((r) => (release = r));
    // Two batches in flight, so both jobs of id 5 wait for the same next batch.
    const busy = [triage.triage(id(1)), triage.triage(id(2))];
    await new Promise((r) => setImmediate(r));
    const twice = [triage.triage(id(5)), triage.triage(id(5))];
    release();
    consultations.gate = null;
    await Promise.all(busy);
    expect(await Promise.all(twice)).toEqual(['triaged', 'already_triaged']);
    expect(consultations.transactions.map((t) => t.ids)).toContainEqual([id(5)]);
  });

  it('fails only the job whose request cannot be triaged; the others of its batch are triaged on their own', async () => {
    consultations.poison = id(3);
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((n) => triage.triage(id(n))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe(`cannot triage ${id(3)}`);
    expect([1, 2, 4].every((n) => consultations.rows.get(id(n))?.riskScore !== null)).toBe(true);
    expect(consultations.rows.get(id(3))?.riskScore).toBeNull();
  });

  it('reads again and triages with the person’s priority when an override lands between read and write', async () => {
    consultations.overriddenNext.add(id(7));
    await expect(triage.triage(id(7))).resolves.toBe('triaged');
    expect(consultations.reads).toBe(2);
    expect(consultations.rows.get(id(7))?.priority).toBe('high');
  });
});
