import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type EscalationKind = 'warning' | 'breach';

/** sla_escalations: one row per warning and breach round that fired. */
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

  /** How many times each kind fired for a request. */
  async countFor(
    consultationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Record<EscalationKind, number>> {
    const rows: { kind: EscalationKind; n: number }[] = await manager.query(
      `SELECT kind, count(*)::int AS n FROM sla_escalations WHERE consultation_id = $1 GROUP BY kind`,
      [consultationId],
    );
    const counts: Record<EscalationKind, number> = { warning: 0, breach: 0 };
    for (const row of rows) counts[row.kind] = row.n;
    return counts;
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
}
