/**
 * The life of a consultation request (docs/api.md, "Consultation requests"):
 *
 *   submitted ──(worker triage)──▶ triaged ──(claim / assign)──▶ assigned ──▶ in_progress ⇄ awaiting_requester
 *                                                                                  │                │
 *                                                                                  └──▶ closed ◀────┘
 *   requester: submitted | triaged | assigned ──▶ withdrawn        supervisor: closed ──▶ in_progress
 *
 * Pure rules only: the service says who holds the request (`holderOf`) and whether it is the
 * caller's own to see; this module decides the moves.
 */

import { ActorRole, NO_ROLE, ROLES } from '@app/identity';

export const CONSULTATION_STATUSES = [
  'submitted',
  'triaged',
  'assigned',
  'in_progress',
  'awaiting_requester',
  'closed',
  'withdrawn',
] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/**
 * Who moves a request: a signed-in caller's role (identity's roles, or NO_ROLE, which has no
 * moves), or the worker acting for the system.
 */
export type TransitionActor = ActorRole | 'system';
export const TRANSITION_ACTORS: readonly TransitionActor[] = [...ROLES, NO_ROLE, 'system'];

export const OUTCOMES = [
  'advice_given',
  'referred',
  'police_report_supported',
  'protection_arranged',
  'no_action',
] as const;
export type ConsultationOutcome = (typeof OUTCOMES)[number];

/** In the queue: nobody has taken the request yet (with no assignee, it awaits a first response). */
export const QUEUE_STATUSES = ['submitted', 'triaged'] as const satisfies readonly ConsultationStatus[];

/** Taken by an investigator and not finished. */
export const TAKEN_STATUSES = [
  'assigned',
  'in_progress',
  'awaiting_requester',
] as const satisfies readonly ConsultationStatus[];

/** Statuses in which the team still owes the requester something. */
export const OPEN_STATUSES: readonly ConsultationStatus[] = [...QUEUE_STATUSES, ...TAKEN_STATUSES];

/** Finished: closed by an investigator or withdrawn by the requester (the retention clock runs). */
export const FINISHED_STATUSES = ['closed', 'withdrawn'] as const satisfies readonly ConsultationStatus[];
export type FinishedStatus = (typeof FINISHED_STATUSES)[number];

/**
 * A refused move lists the moves this actor could make instead; `heldByOther` says the refusal is
 * because another investigator holds the request (then there are none).
 */
export type TransitionDecision =
  { allowed: true } | { allowed: false; allowedMoves: ConsultationStatus[]; heldByOther?: true };

/** Who holds a request, seen from the caller: nobody, the caller, or someone else. */
export type Holder = 'nobody' | 'caller' | 'other';

export function holderOf(assigneeId: string | null, callerId: string | null): Holder {
  if (assigneeId === null) return 'nobody';
  return assigneeId === callerId ? 'caller' : 'other';
}

type MoveTable = Partial<
  Record<TransitionActor, Partial<Record<ConsultationStatus, readonly ConsultationStatus[]>>>
>;

/** The moves a staff member makes while working a case they hold. */
const CASEWORK = {
  // Staff start work before waiting on or closing: `assigned` goes to `in_progress` only, as in
  // the api.md chain, so that every closed case has been taken up by someone (and the time from
  // claim to start is measurable). Closing an assigned case that needs nothing is two moves.
  assigned: ['in_progress'],
  in_progress: ['awaiting_requester', 'closed'],
  awaiting_requester: ['in_progress', 'closed'],
} as const satisfies Partial<Record<ConsultationStatus, readonly ConsultationStatus[]>>;

/**
 * Moves by `{ to }` (POST /consultations/:id/transitions for users; the worker for `system`).
 * Taking a case (`triaged → assigned`) is not here: it is a claim or an assignment, see
 * `decideAssignment`. Admins never touch case content, so they have no moves at all.
 */
const TRANSITIONS: MoveTable = {
  system: { submitted: ['triaged'] },
  requester: {
    submitted: ['withdrawn'],
    triaged: ['withdrawn'],
    assigned: ['withdrawn'],
  },
  investigator: { ...CASEWORK },
  supervisor: { ...CASEWORK, closed: ['in_progress'] },
};

/**
 * Whether `actor` may move a request from `from` to `to` by a plain transition, the request being
 * held by `holder`. When not, the answer lists where this actor could go from `from` instead (in
 * status order; empty when nowhere), for the 409 problem's `allowedMoves`. Unknown values are
 * refused, never thrown on.
 *
 * A case an investigator holds is theirs to work: another investigator may not move it (nor close
 * it). Supervisors may act on any case; the assignee keeps their moves, and a requester may
 * withdraw their own request whoever holds it.
 */
export function decideTransition(
  from: ConsultationStatus,
  actor: TransitionActor,
  to: ConsultationStatus,
  holder: Holder,
): TransitionDecision {
  if (actor === 'investigator' && holder === 'other')
    return { allowed: false, allowedMoves: [], heldByOther: true };
  const moves = allowedTransitions(from, actor);
  return moves.includes(to) ? { allowed: true } : { allowed: false, allowedMoves: moves };
}

/** Targets `actor` may move to from `from` by a plain transition, in status order. */
export function allowedTransitions(from: ConsultationStatus, actor: TransitionActor): ConsultationStatus[] {
  const targets = lookup(TRANSITIONS, actor, from);
  return CONSULTATION_STATUSES.filter((status) => targets.includes(status));
}

/** Closing is the only move that needs an outcome. */
export function transitionRequiresOutcome(to: ConsultationStatus): boolean {
  return to === 'closed';
}

export function isOpenStatus(status: ConsultationStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export function isFinishedStatus(status: ConsultationStatus): status is FinishedStatus {
  return (FINISHED_STATUSES as readonly ConsultationStatus[]).includes(status);
}

/** Nobody has taken it yet: still in the queue (not claimed, assigned, withdrawn or closed). */
export function isAwaitingFirstResponse(request: {
  status: ConsultationStatus;
  assigneeId: string | null;
}): boolean {
  return (
    (QUEUE_STATUSES as readonly ConsultationStatus[]).includes(request.status) && request.assigneeId === null
  );
}

/**
 * Ways a request gets (or changes) its investigator, outside the transitions endpoint:
 * - `claim`: an investigator takes it for themselves (POST /consultations/:id/claim). Supervisors
 *   may do all an investigator may (docs/product.md), so they may claim too.
 * - `assign`: a supervisor gives it to an investigator (POST /consultations/:id/assign); `system`
 *   is allowed so that an automatic assignment by the worker can use the same rule.
 *
 * Both work from `submitted` as well as `triaged`: a request must never wait on the worker (if
 * Redis or the worker is down, an immediate-danger request would otherwise be untakeable), and the
 * triage queue lists every open, unassigned request. Triage of an already assigned request then
 * sets priority and deadline but leaves the status alone.
 *
 * `assign` also reassigns a request already being worked (`assigned`, `in_progress`,
 * `awaiting_requester`): the investigator changes, the status stays. A claim of a request someone
 * else holds is refused here by status (409 in the API); whether the caller already holds it is
 * the service's check.
 */
export type AssignmentMove = 'claim' | 'assign';

export type AssignmentDecision =
  { allowed: true; to: ConsultationStatus } | { allowed: false; allowedFrom: ConsultationStatus[] };

const ASSIGNMENT_ACTORS: Record<AssignmentMove, readonly TransitionActor[]> = {
  claim: ['investigator', 'supervisor'],
  assign: ['supervisor', 'system'],
};

const ASSIGNMENT_FROM: Record<AssignmentMove, Partial<Record<ConsultationStatus, ConsultationStatus>>> = {
  claim: { submitted: 'assigned', triaged: 'assigned' },
  assign: {
    submitted: 'assigned',
    triaged: 'assigned',
    assigned: 'assigned',
    in_progress: 'in_progress',
    awaiting_requester: 'awaiting_requester',
  },
};

/**
 * Whether `actor` may `move` a request in status `from`, and the status it has afterwards.
 * `allowedFrom` lists the statuses this actor could do it from (empty when the role may never).
 */
export function decideAssignment(
  move: AssignmentMove,
  from: ConsultationStatus,
  actor: TransitionActor,
): AssignmentDecision {
  const actors = Object.prototype.hasOwnProperty.call(ASSIGNMENT_ACTORS, move) ? ASSIGNMENT_ACTORS[move] : [];
  if (!actors.includes(actor)) return { allowed: false, allowedFrom: [] };
  const table = ASSIGNMENT_FROM[move];
  const to = Object.prototype.hasOwnProperty.call(table, from) ? table[from] : undefined;
  if (to !== undefined) return { allowed: true, to };
  return {
    allowed: false,
    allowedFrom: CONSULTATION_STATUSES.filter((status) => table[status] !== undefined),
  };
}

/** Own-property lookups only, so that "__proto__" or "constructor" from a request finds nothing. */
function lookup(table: MoveTable, actor: string, from: string): readonly ConsultationStatus[] {
  if (!Object.prototype.hasOwnProperty.call(table, actor)) return [];
  const byStatus = table[actor as TransitionActor] ?? {};
  if (!Object.prototype.hasOwnProperty.call(byStatus, from)) return [];
  return byStatus[from as ConsultationStatus] ?? [];
}
