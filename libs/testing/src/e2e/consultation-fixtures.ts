import { AuditRecorder } from '@app/audit';
import { ConsultationTriageWrites, Priority, WorkerTriageApplied } from '@app/consultations';
import { DataSource } from 'typeorm';
import type { Actor } from './actors';
import type { E2eContext } from './e2e-context.types';

/** A valid POST /consultations body (docs/api.md example), with top-level overrides. */
export function consultationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    concernTypes: ['domestic_violence'],
    summary: 'A pupil tells a teacher that the father hits the mother at home, more often lately.',
    subject: { identified: false, ageGroup: 'adult', gender: 'female' },
    riskFactors: {
      immediateDanger: false,
      childrenInHousehold: true,
      threatsToKill: false,
      strangulation: false,
      weaponAccess: false,
      escalatingViolence: true,
      traffickingIndicators: false,
    },
    requestedSupport: ['advice'],
    preferredContact: { channel: 'phone', phone: '+46701234567' },
    ...overrides,
  };
}

/** The fields of a consultation response the suites look at. */
export interface ConsultationJson {
  id: string;
  reference: string;
  status: string;
  version: number;
  summary: string;
  priority: string | null;
  assigneeId: string | null;
  requesterId: string;
  createdAt: string;
  [field: string]: unknown;
}

/** Files a request as `actor` and returns the 201 body (fails the test otherwise). */
export async function fileConsultation(
  ctx: E2eContext,
  actor: Actor,
  overrides: Record<string, unknown> = {},
): Promise<ConsultationJson> {
  const res = await actor.auth(ctx.http.post('/api/v1/consultations')).send(consultationBody(overrides));
  if (res.status !== 201) throw new Error(`filing answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as ConsultationJson;
}

export interface AuditRow {
  seq: string;
  action: string;
  outcome: string;
  actor_id: string | null;
  actor_role: string;
  resource_type: string;
  resource_id: string | null;
  details: Record<string, unknown>;
}

/** Audit events, oldest first, filtered by action, resource and actor. */
export async function auditEvents(
  ctx: E2eContext,
  filter: { action?: string; resourceId?: string; actorId?: string },
): Promise<AuditRow[]> {
  const { rows } = await ctx.db.query<AuditRow>(
    `SELECT seq, action, outcome, actor_id, actor_role, resource_type, resource_id, details FROM audit_events
     WHERE ($1::text IS NULL OR action = $1) AND ($2::text IS NULL OR resource_id = $2) AND ($3::uuid IS NULL OR actor_id = $3)
     ORDER BY seq`,
    [filter.action ?? null, filter.resourceId ?? null, filter.actorId ?? null],
  );
  return rows;
}

/**
 * The worker's triage of one request with a chosen result, written as TriageService writes it
 * (ConsultationTriageWrites.applyTriage in a transaction, the `consultation.triage` audit event by
 * the system last), for suites that need a request at a given priority and deadline. The applied
 * priority and status, or null when nothing changed (scored already, closed, overridden since).
 */
export async function triageAs(
  ctx: E2eContext,
  id: string,
  result: {
    priority: Priority;
    slaDueAt: Date;
    riskScore?: number;
    triageReasons?: string[];
    suggestedAssigneeId?: string | null;
  },
): Promise<WorkerTriageApplied | null> {
  const writes = ctx.app.get(ConsultationTriageWrites);
  const audit = ctx.app.get(AuditRecorder);
  const riskScore = result.riskScore ?? 10;
  return ctx.app.get(DataSource).transaction(async (tx) => {
    const applied = (
      await writes.applyTriage(tx, [
        {
          id,
          riskScore,
          priority: result.priority,
          triageReasons: result.triageReasons ?? ['escalatingViolence'],
          slaDueAt: result.slaDueAt,
          suggestedAssigneeId: result.suggestedAssigneeId ?? null,
        },
      ])
    ).get(id);
    if (!applied) return null;
    await audit.record(tx, {
      action: 'consultation.triage',
      resourceType: 'consultation',
      resourceId: id,
      actorId: null,
      actorRole: 'system',
      details: { priority: applied.priority, riskScore, automatic: true },
    });
    return applied;
  });
}
