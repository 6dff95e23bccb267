import { Priority, PRIORITY_RANK } from '../consultation/consultation.types';

/** Why a priority change needs a supervisor (docs/api.md, POST /consultations/:id/triage). */
export type DemotionRule = 'held_by_another' | 'immediate_danger_below_critical';

/**
 * Whether setting `to` on a request is a demotion only a supervisor may make, and which rule says
 * so; null when anyone who may triage may make it. Raising, keeping the priority and lowering a
 * request nobody else holds stay open to investigators; an immediate-danger request below
 * critical and lowering a request another person holds do not. A request without a priority yet
 * (not triaged) has nothing to be lowered from, except that immediate danger is always critical.
 */
export function demotionNeedsSupervisor(
  current: { priority: Priority | null; assigneeId: string | null; immediateDanger: boolean },
  to: Priority,
  actorId: string,
): DemotionRule | null {
  if (current.immediateDanger && to !== 'critical') return 'immediate_danger_below_critical';
  const lowers = current.priority !== null && PRIORITY_RANK[to] > PRIORITY_RANK[current.priority];
  if (lowers && current.assigneeId !== null && current.assigneeId !== actorId) return 'held_by_another';
  return null;
}
