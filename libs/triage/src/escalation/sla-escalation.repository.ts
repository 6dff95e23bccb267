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

  /** The highest breach round that fired, per request (absent: none fired). */
  async latestBreachRounds(
    consultationIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    if (consultationIds.length === 0) return new Map();
    const rows: { consultation_id: string; round: number }[] = await manager.query(
      `SELECT consultation_id, max(round)::int AS round FROM sla_escalations
       WHERE kind = 'breach' AND consultation_id = ANY($1::uuid[]) GROUP BY consultation_id`,
      [consultationIds],
    );
    return new Map(rows.map((row) => [row.consultation_id, row.round]));
  }
}
