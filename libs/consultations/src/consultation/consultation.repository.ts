import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { selectList, SqlRunner, sqlIn, TableRow } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { CreatedKey, QueueKey } from '../pagination/list-keys';
import { returnedRows } from '../shared/returned-rows';
import {
  FINISHED_STATUSES,
  OPEN_STATUSES,
  QUEUE_STATUSES,
  TAKEN_STATUSES,
  type ConsultationOutcome,
  type ConsultationStatus,
} from '../workflow/consultation-status.machine';
import type {
  ConcernType,
  ConsultationFilters,
  ContactChannel,
  Priority,
  RiskFactors,
  Subject,
  SupportKind,
} from './consultation.types';
import { ConsultationEntity } from './consultation.entity';

/**
 * A consultations row as stored: the entity's columns (one description of the table), plus the
 * request's wrapped data key. Case text (summary, contactPhone, priorityOverrideReason,
 * legalHoldReason) is still ciphertext here; the service decrypts. Never returned to a controller.
 */
export type ConsultationRecord = TableRow<ConsultationEntity> & {
  /** The request's data key, wrapped (consultation_keys); null for a request filed before envelope encryption. */
  wrappedKey: string | null;
};

export interface NewConsultation {
  id: string;
  concernTypes: ConcernType[];
  summaryCiphertext: string;
  identified: boolean;
  subject: Subject;
  riskFactors: RiskFactors;
  requestedSupport: SupportKind[];
  contactChannel: ContactChannel;
  contactPhoneCiphertext: string | null;
  priority: Priority | null;
  priorityRank: number;
  requesterId: string;
  organizationId: string | null;
  /** The request's data key, wrapped, stored in the same statement. */
  key: { wrappedKey: string; wrappingKeyId: string };
}

/** What the worker's triage reads: no case text. */
const TRIAGE_FACT_COLUMNS = [
  'id',
  'reference',
  'status',
  'concernTypes',
  'riskFactors',
  'subject',
  'createdAt',
  'priority',
  'assigneeId',
  'slaDueAt',
  /** Null until the worker has scored the request (whatever its status). */
  'riskScore',
  /** When a person last set the priority (POST /consultations/:id/triage); null if nobody has. */
  'priorityOverriddenAt',
] as const satisfies readonly (keyof ConsultationRecord)[];
export type TriageFacts = Pick<ConsultationRecord, (typeof TRIAGE_FACT_COLUMNS)[number]>;

export interface WorkerTriageChanges {
  riskScore: number;
  priority: Priority;
  priorityRank: number;
  triageReasons: string[];
  slaDueAt: Date;
  suggestedAssigneeId: string | null;
  /**
   * The override the result was computed against (`priorityOverriddenAt` as read; null: none).
   * When given, the update applies only if no person has set the priority since, so the deadline
   * stored always belongs to the priority stored. Undefined: no such check.
   */
  basedOnOverrideAt?: Date | null;
}

/** What the worker's triage changed: the priority and status the request has now. */
export interface WorkerTriageApplied {
  priority: Priority;
  status: ConsultationStatus;
}

export interface StatusChange {
  id: string;
  consultationId: string;
  from: ConsultationStatus;
  to: ConsultationStatus;
  actorId: string | null;
  reasonCiphertext: string | null;
  outcome: ConsultationOutcome | null;
}

export interface ListScope extends ConsultationFilters {
  /** Only this requester's own requests. */
  requesterId?: string;
}

/** Every column of the entity, aliased to the record's property names. */
const ENTITY_COLUMNS = selectList(ConsultationEntity, 'c');

/** Column list shared by every read: the entity's columns and the wrapped data key. */
const COLUMNS = `${ENTITY_COLUMNS},
  (SELECT k.wrapped_key FROM consultation_keys k WHERE k.consultation_id = c.id) AS "wrappedKey"`;

/** COLUMNS for intake's INSERT, whose key row is written in the same statement. */
const INSERTED_COLUMNS = `${ENTITY_COLUMNS}, NULL::text AS "wrappedKey"`;

/** The status vocabularies as SQL lists (declared once, in the status machine). */
const QUEUE = sqlIn(QUEUE_STATUSES);
const TAKEN = sqlIn(TAKEN_STATUSES);
const OPEN = sqlIn(OPEN_STATUSES);
const FINISHED = sqlIn(FINISHED_STATUSES);

/** Every mutation bumps the version and the update time. */
const TOUCH = `version = c.version + 1, updated_at = date_trunc('milliseconds', now())`;

/** What triage reads of a request (no case text). */
const TRIAGE_FACTS = `SELECT ${selectList(ConsultationEntity, 'c', { only: TRIAGE_FACT_COLUMNS })} FROM consultations c`;

/**
 * The one place that writes SQL for consultations (docs/style.md habit 4). Each method takes an
 * optional EntityManager so the service can compose one transaction (insert and findById take any
 * SqlRunner, so intake's DirectSql transaction can use them too). Updates are conditional
 * single statements: the condition is the rule (claimable, still submitted, expected version), so
 * two concurrent callers can never both succeed.
 */
@Injectable()
export class ConsultationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a new submission; the reference comes from a sequence (`KONS-<year>-<6+ digits>`). */
  async insert(
    row: NewConsultation,
    manager: SqlRunner = this.dataSource.manager,
  ): Promise<ConsultationRecord> {
    // The key row goes in with the request, in the same statement (its foreign key is checked at
    // the statement's end); RETURNING cannot see it yet, so the record gets it from `row`.
    const rows: ConsultationRecord[] = await manager.query(
      `WITH n AS (SELECT nextval('consultation_reference_seq')::text AS num),
       inserted AS (
         INSERT INTO consultations AS c (id, reference, status, concern_types, summary, identified, subject, risk_factors,
           requested_support, contact_channel, contact_phone, priority, priority_rank, requester_id, organization_id)
         SELECT $1, 'KONS-' || to_char(now() AT TIME ZONE 'Europe/Stockholm', 'YYYY') || '-' || lpad(n.num, greatest(6, length(n.num)), '0'),
           'submitted', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
         FROM n
         RETURNING ${INSERTED_COLUMNS}),
       key AS (
         INSERT INTO consultation_keys (consultation_id, wrapped_key, wrapping_key_id) VALUES ($1, $14, $15)
       )
       SELECT * FROM inserted`,
      [
        row.id,
        row.concernTypes,
        row.summaryCiphertext,
        row.identified,
        JSON.stringify(row.subject),
        JSON.stringify(row.riskFactors),
        row.requestedSupport,
        row.contactChannel,
        row.contactPhoneCiphertext,
        row.priority,
        row.priorityRank,
        row.requesterId,
        row.organizationId,
        row.key.wrappedKey,
        row.key.wrappingKeyId,
      ],
    );
    if (rows[0]) rows[0].wrappedKey = row.key.wrappedKey;
    return rows[0];
  }

  /** One consultation; `lock` holds it FOR UPDATE until the caller's transaction ends. */
  async findById(
    id: string,
    manager: SqlRunner = this.dataSource.manager,
    options: { lock?: boolean } = {},
  ): Promise<ConsultationRecord | null> {
    const rows: ConsultationRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM consultations c WHERE c.id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Newest first, strictly after `after` (keyset on (created_at, id), matching the created,
   * requester, status and assignee indexes). Fetches `limit` rows; callers ask for one extra.
   */
  async list(
    scope: ListScope,
    after: CreatedKey | undefined,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConsultationRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (scope.requesterId !== undefined) add('c.requester_id = ?', scope.requesterId);
    if (scope.status !== undefined) add('c.status = ?', scope.status);
    if (scope.priority !== undefined) add('c.priority = ?', scope.priority);
    if (scope.assigneeId !== undefined) add('c.assignee_id = ?', scope.assigneeId);
    if (scope.concernType !== undefined) add('c.concern_types @> ARRAY[?]::text[]', scope.concernType);
    if (after) {
      params.push(after.createdAt, after.id);
      where.push(`(c.created_at, c.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit);
    return manager.query(
      `SELECT ${COLUMNS} FROM consultations c
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * Open (submitted, triaged), unassigned requests in queue order: priority rank, deadline
   * (none last), age. Served by the partial triage-queue index, expressions included.
   */
  async findTriageQueue(
    after: QueueKey | undefined,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConsultationRecord[]> {
    const params: unknown[] = [limit];
    let keyset = '';
    if (after) {
      params.push(after.rank, after.slaDueAt ?? 'infinity', after.createdAt, after.id);
      keyset = `AND (c.priority_rank, COALESCE(c.sla_due_at, 'infinity'::timestamptz), c.created_at, c.id) > ($2, $3::timestamptz, $4, $5)`;
    }
    return manager.query(
      `SELECT ${COLUMNS} FROM consultations c
       WHERE c.status IN (${QUEUE}) AND c.assignee_id IS NULL ${keyset}
       ORDER BY c.priority_rank, COALESCE(c.sla_due_at, 'infinity'::timestamptz), c.created_at, c.id
       LIMIT $1`,
      params,
    );
  }

  /**
   * Takes an unassigned request in one of `claimable` statuses for `investigatorId`. Exactly one
   * of several concurrent claims matches; the others find the row changed and get null.
   */
  async claim(
    id: string,
    investigatorId: string,
    claimable: readonly ConsultationStatus[],
    expectedVersion: number | undefined,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConsultationRecord | null> {
    const rows = await returnedRows<ConsultationRecord>(
      manager,
      `UPDATE consultations c SET status = 'assigned', assignee_id = $2,
         assigned_at = now(), first_assigned_at = COALESCE(c.first_assigned_at, now()), ${TOUCH}
       WHERE c.id = $1 AND c.assignee_id IS NULL AND c.status = ANY($3::text[])
         AND ($4::integer IS NULL OR c.version = $4)
       RETURNING ${COLUMNS}`,
      [id, investigatorId, claimable, expectedVersion ?? null],
    );
    return rows[0] ?? null;
  }

  /** Sets the investigator and the resulting status of a request the caller has locked. */
  async assign(
    id: string,
    investigatorId: string,
    status: ConsultationStatus,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConsultationRecord> {
    const rows = await returnedRows<ConsultationRecord>(
      manager,
      `UPDATE consultations c SET status = $3, assignee_id = $2,
         assigned_at = now(), first_assigned_at = COALESCE(c.first_assigned_at, now()), ${TOUCH}
       WHERE c.id = $1
       RETURNING ${COLUMNS}`,
      [id, investigatorId, status],
    );
    return rows[0];
  }

  /** The worker's automatic assignment: only while the request is triaged and nobody holds it. */
  async autoAssign(
    id: string,
    investigatorId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows = await returnedRows<unknown>(
      manager,
      `UPDATE consultations c SET status = 'assigned', assignee_id = $2,
         assigned_at = now(), first_assigned_at = COALESCE(c.first_assigned_at, now()), ${TOUCH}
       WHERE c.id = $1 AND c.status = 'triaged' AND c.assignee_id IS NULL
       RETURNING c.id`,
      [id, investigatorId],
    );
    return rows.length === 1;
  }

  /** A person's priority decision, with the reason (ciphertext) and who made it. */
  async overridePriority(
    id: string,
    change: { priority: Priority; priorityRank: number; reasonCiphertext: string; overriddenBy: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConsultationRecord> {
    const rows = await returnedRows<ConsultationRecord>(
      manager,
      `UPDATE consultations c SET priority = $2, priority_rank = $3, priority_override_reason = $4,
         priority_overridden_by = $5, priority_overridden_at = date_trunc('milliseconds', now()), ${TOUCH}
       WHERE c.id = $1
       RETURNING ${COLUMNS}`,
      [id, change.priority, change.priorityRank, change.reasonCiphertext, change.overriddenBy],
    );
    return rows[0];
  }

  /**
   * Moves a locked request to `to`; closing sets the outcome, anything else clears it. Closing or
   * withdrawing sets `closed_at` (the retention clock), any other move (a reopen) clears it.
   */
  async changeStatus(
    id: string,
    to: ConsultationStatus,
    outcome: ConsultationOutcome | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConsultationRecord> {
    const rows = await returnedRows<ConsultationRecord>(
      manager,
      `UPDATE consultations c SET status = $2, outcome = $3,
         closed_at = CASE WHEN $2 IN (${FINISHED}) THEN date_trunc('milliseconds', now()) ELSE NULL END, ${TOUCH}
       WHERE c.id = $1
       RETURNING ${COLUMNS}`,
      [id, to, outcome],
    );
    return rows[0];
  }

  /** Sets (reason ciphertext and who) or releases (null) the legal hold of a locked request. */
  async setLegalHold(
    id: string,
    hold: { reasonCiphertext: string; by: string } | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConsultationRecord> {
    const rows = await returnedRows<ConsultationRecord>(
      manager,
      `UPDATE consultations c SET legal_hold_reason = $2, legal_hold_by = $3,
         legal_hold_since = CASE WHEN $2::text IS NULL THEN NULL ELSE date_trunc('milliseconds', now()) END, ${TOUCH}
       WHERE c.id = $1
       RETURNING ${COLUMNS}`,
      [id, hold?.reasonCiphertext ?? null, hold?.by ?? null],
    );
    return rows[0];
  }

  /** History of status moves, with the optional reason (ciphertext). */
  async recordStatusChange(
    change: StatusChange,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO consultation_status_changes (id, consultation_id, from_status, to_status, actor_id, reason, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        change.id,
        change.consultationId,
        change.from,
        change.to,
        change.actorId,
        change.reasonCiphertext,
        change.outcome,
      ],
    );
  }

  async findTriageFacts(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TriageFacts | null> {
    const rows: TriageFacts[] = await manager.query(`${TRIAGE_FACTS} WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The triage facts of several requests in one statement; unknown ids are left out. */
  async findTriageFactsMany(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TriageFacts[]> {
    if (ids.length === 0) return [];
    return manager.query(`${TRIAGE_FACTS} WHERE c.id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * The worker's triage of open requests it has not scored yet (`risk_score IS NULL`), in one
   * statement, each on its own conditions: score, reasons, deadline and suggested assignee; a
   * still-`submitted` request moves to `triaged`, one already claimed or assigned keeps its status.
   * A priority a person already set is kept: people overrule the worker, not the other way round.
   * Gives the id, priority and status of each one it applied to; a request scored already, closed,
   * or overridden since it was read is left out (nothing changed), so a redelivered job is harmless.
   */
  async applyWorkerTriageMany(
    changes: (WorkerTriageChanges & { id: string })[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(WorkerTriageApplied & { id: string })[]> {
    if (changes.length === 0) return [];
    return returnedRows<WorkerTriageApplied & { id: string }>(
      manager,
      `UPDATE consultations c SET status = CASE WHEN c.status = 'submitted' THEN 'triaged' ELSE c.status END,
         priority = CASE WHEN c.priority_overridden_at IS NULL THEN v.priority ELSE c.priority END,
         priority_rank = CASE WHEN c.priority_overridden_at IS NULL THEN v.priority_rank ELSE c.priority_rank END,
         risk_score = v.risk_score, triage_reasons = v.triage_reasons::jsonb, sla_due_at = v.sla_due_at,
         suggested_assignee_id = v.suggested_assignee_id, triaged_at = now(), ${TOUCH}
       FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::integer[], $5::text[], $6::timestamptz[], $7::uuid[],
                   $8::boolean[], $9::timestamptz[])
         AS v(id, priority, priority_rank, risk_score, triage_reasons, sla_due_at, suggested_assignee_id,
              check_override, based_on_override_at)
       WHERE c.id = v.id AND c.risk_score IS NULL
         AND c.status IN (${OPEN})
         AND (NOT v.check_override OR c.priority_overridden_at IS NOT DISTINCT FROM v.based_on_override_at)
       RETURNING c.id, c.priority, c.status`,
      [
        changes.map((c) => c.id),
        changes.map((c) => c.priority),
        changes.map((c) => c.priorityRank),
        changes.map((c) => c.riskScore),
        changes.map((c) => JSON.stringify(c.triageReasons)),
        changes.map((c) => c.slaDueAt),
        changes.map((c) => c.suggestedAssigneeId),
        changes.map((c) => c.basedOnOverrideAt !== undefined),
        changes.map((c) => c.basedOnOverrideAt ?? null),
      ],
    );
  }

  /**
   * A new deadline for a scored request whose priority a person changed: only while the priority
   * is still `priority` (a later override brings its own recomputation). False when it changed.
   */
  async rescheduleDeadline(
    id: string,
    change: { priority: Priority; slaDueAt: Date },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows = await returnedRows<unknown>(
      manager,
      `UPDATE consultations c SET sla_due_at = $3, ${TOUCH}
       WHERE c.id = $1 AND c.priority = $2 AND c.risk_score IS NOT NULL
       RETURNING c.id`,
      [id, change.priority, change.slaDueAt],
    );
    return rows.length === 1;
  }

  async findParticipants(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ reference: string; requesterId: string; assigneeId: string | null } | null> {
    const rows: { reference: string; requesterId: string; assigneeId: string | null }[] = await manager.query(
      `SELECT reference, requester_id AS "requesterId", assignee_id AS "assigneeId" FROM consultations WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Per investigator: requests assigned to them and still open, and when they were last given one. */
  async assignmentLoad(
    investigatorIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AssignmentLoad[]> {
    if (investigatorIds.length === 0) return [];
    return manager.query(
      `SELECT u.id AS "investigatorId",
              count(c.id) FILTER (WHERE c.status IN (${TAKEN}))::int AS "openAssigned",
              max(c.assigned_at) AS "lastAssignedAt"
       FROM unnest($1::uuid[]) AS u(id) LEFT JOIN consultations c ON c.assignee_id = u.id
       GROUP BY u.id`,
      [investigatorIds],
    );
  }

  /**
   * Ids of open requests the worker has not scored more than `olderThanSeconds` after filing
   * (still `submitted`, or claimed before triage), oldest first. Served by consultations_unscored_idx.
   */
  async findStaleUnscored(
    olderThanSeconds: number,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM consultations
       WHERE risk_score IS NULL AND created_at < now() - make_interval(secs => $1)
         AND status IN (${OPEN})
       ORDER BY created_at, id LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((row) => row.id);
  }

  /** Triaged, unassigned requests whose deadline passed more than `graceSeconds` ago (escalation sweep). */
  async findOverdueUnassigned(
    graceSeconds: number,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; slaDueAt: Date }[]> {
    return manager.query(
      `SELECT id, sla_due_at AS "slaDueAt" FROM consultations
       WHERE status = 'triaged' AND assignee_id IS NULL AND sla_due_at < now() - make_interval(secs => $1)
       ORDER BY sla_due_at, id LIMIT $2`,
      [graceSeconds, limit],
    );
  }

  /**
   * The supervisors' queue figures in one round trip (purged requests count through their
   * tombstones): requests per status; open requests per
   * priority; open breaches (still waiting for someone to take them, past the deadline); and the
   * time from filing to first assignment for first assignments made in [from, to).
   */
  async queueStatistics(
    period: { from: Date; to: Date },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<QueueStatistics> {
    const rows: QueueStatistics[] = await manager.query(
      `SELECT
         (SELECT COALESCE(jsonb_object_agg(status, n), '{}'::jsonb)
            FROM (SELECT status, count(*)::int AS n
                  FROM (SELECT status FROM consultations UNION ALL SELECT status FROM consultation_tombstones) every
                  GROUP BY status) s) AS "byStatus",
         (SELECT COALESCE(jsonb_object_agg(priority, n), '{}'::jsonb)
            FROM (SELECT priority, count(*)::int AS n FROM consultations
                  WHERE priority IS NOT NULL AND status NOT IN (${FINISHED}) GROUP BY priority) p) AS "openByPriority",
         (SELECT count(*)::int FROM consultations
            WHERE status IN (${QUEUE}) AND assignee_id IS NULL AND sla_due_at < now()) AS "openBreaches",
         (SELECT jsonb_build_object(
                   'count', count(*)::int,
                   'medianSeconds', percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_assigned_at - created_at)),
                   'p90Seconds', percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_assigned_at - created_at)))
            FROM (SELECT first_assigned_at, created_at FROM consultations
                  UNION ALL SELECT first_assigned_at, created_at FROM consultation_tombstones) every
            WHERE first_assigned_at IS NOT NULL AND first_assigned_at >= $1 AND first_assigned_at < $2) AS "timeToClaim"`,
      [period.from, period.to],
    );
    return rows[0];
  }
}

/** An investigator's load, for assignment suggestions. */
export interface AssignmentLoad {
  investigatorId: string;
  openAssigned: number;
  lastAssignedAt: Date | null;
}

/** The database half of GET /stats/queue. */
export interface QueueStatistics {
  byStatus: Partial<Record<ConsultationStatus, number>>;
  openByPriority: Partial<Record<Priority, number>>;
  openBreaches: number;
  timeToClaim: { count: number; medianSeconds: number | null; p90Seconds: number | null };
}
