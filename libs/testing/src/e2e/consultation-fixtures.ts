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
