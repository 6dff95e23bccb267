import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type EscalationKind = 'warning' | 'breach' | 'auto_assign';

/** A warning or auto-assignment job that was published but whose firing is not on record. */
export interface UnfiredEscalation {
  kind: 'warning' | 'auto_assign';
  consultationId: string;
  /** The deadline the job watched (the payload's, or the one in the auto-assignment's job id). */
  dueAt: Date;
}

/** sla_escalations: one row per warning, breach round and auto-assignment that fired. */
@Injectable()
export class SlaEscalationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records that an escalation fired; false when it already had (a redelivered job), so the caller does nothing. */
  async recordFiring(
    firing: { consultationId: string; kind: EscalationKind; round: number; dueAt: Date },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO sla_escalations (consultation_id, kind, round, due_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING round`,
      [firing.consultationId, firing.kind, firing.round, firing.dueAt],
    );
    return rows.length === 1;
  }

  /**
   * The highest breach round of the given deadline that fired, per request (absent: none). Rounds
   * of an earlier deadline (before a person changed the priority) do not count.
   */
  async latestBreachRounds(
    deadlines: { id: string; slaDueAt: Date }[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    if (deadlines.length === 0) return new Map();
    const rows: { consultation_id: string; round: number }[] = await manager.query(
      `SELECT e.consultation_id, max(e.round)::int AS round
       FROM unnest($1::uuid[], $2::timestamptz[]) AS d(id, due_at)
       JOIN sla_escalations e ON e.consultation_id = d.id AND e.kind = 'breach' AND e.due_at = d.due_at
       GROUP BY e.consultation_id`,
      [deadlines.map((d) => d.id), deadlines.map((d) => new Date(d.slaDueAt))],
    );
    return new Map(rows.map((row) => [row.consultation_id, row.round]));
  }

  /**
   * Warning and auto-assignment jobs that should have run by now (`run_at` more than `graceSeconds`
   * ago) and never fired: published from the outbox, yet no row in sla_escalations. Those are the
   * delayed jobs a Redis without persistence lost. Warnings only while their deadline is ahead
   * (after it, the breach rounds say more); auto-assignments of the last `autoAssignLookbackSeconds`. One
   * entry per request and kind (a re-created job's own outbox row is the same job again), in pages
   * after `after`.
   */
  async findUnfired(
    options: {
      graceSeconds: number;
      autoAssignLookbackSeconds: number;
      limit: number;
      after?: { consultationId: string; kind: string };
    },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UnfiredEscalation[]> {
    const rows: { kind: 'warning' | 'auto_assign'; consultationId: string; dueAt: Date }[] =
      await manager.query(
        `SELECT DISTINCT ON (u."consultationId", u.kind) u.kind, u."consultationId", u."dueAt"
       FROM (
         SELECT CASE o.job_name WHEN 'consultation.sla_warning' THEN 'warning' ELSE 'auto_assign' END AS kind,
                o.payload->>'consultationId' AS "consultationId",
                CASE o.job_name
                  WHEN 'consultation.sla_warning' THEN (o.payload->>'dueAt')::timestamptz
                  ELSE to_timestamp(substring(o.job_id FROM '^auto-assign-[0-9a-f-]{36}-([0-9]{1,15})')::bigint / 1000.0)
                END AS "dueAt",
                o.run_at
         FROM outbox o
         WHERE o.job_name IN ('consultation.sla_warning', 'consultation.auto_assign')
           AND o.run_at <= now() - make_interval(secs => $1)
           AND (o.job_name = 'consultation.sla_warning' OR o.run_at > now() - make_interval(secs => $2))
           AND o.published_at IS NOT NULL
       ) u
       WHERE u."dueAt" IS NOT NULL AND (u.kind = 'auto_assign' OR u."dueAt" > now())
         AND ($3::text IS NULL OR (u."consultationId", u.kind) > ($3::text, $4::text))
         AND NOT EXISTS (
           SELECT 1 FROM sla_escalations e
           WHERE e.consultation_id = u."consultationId"::uuid AND e.kind = u.kind
         )
       ORDER BY u."consultationId", u.kind, u.run_at DESC
       LIMIT $5`,
        [
          options.graceSeconds,
          options.autoAssignLookbackSeconds,
          options.after?.consultationId ?? null,
          options.after?.kind ?? null,
          options.limit,
        ],
      );
    return rows.map((row) => ({ ...row, dueAt: new Date(row.dueAt) }));
  }
}
