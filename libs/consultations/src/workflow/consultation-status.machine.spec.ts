import {
  allowedTransitions,
  AssignmentMove,
  CONSULTATION_STATUSES,
  ConsultationStatus,
  decideAssignment,
  decideTransition,
  Holder,
  holderOf,
  isOpenStatus,
  OPEN_STATUSES,
  OUTCOMES,
  TRANSITION_ACTORS,
  TransitionActor,
  transitionRequiresOutcome,
} from './consultation-status.machine';

/*
 * The expected rules, written out independently of the implementation's tables from docs/api.md:
 * every triple not listed here must be refused. Statuses and actors are also spelled out here, so
 * that adding one to the implementation without updating this table fails the spec.
 */
const STATUSES: ConsultationStatus[] = [
  'submitted',
  'triaged',
  'assigned',
  'in_progress',
  'awaiting_requester',
  'closed',
  'withdrawn',
];
/** The roles, `none` (an account whose staff-role grant is pending) and the worker. */
const ACTORS: TransitionActor[] = ['requester', 'investigator', 'supervisor', 'admin', 'none', 'system'];

const ALLOWED_TRANSITIONS = new Set(
  [
    // the worker's triage
    'submitted  system       triaged',
    // a requester withdraws a request nobody has started working on
    'submitted  requester    withdrawn',
    'triaged    requester    withdrawn',
    'assigned   requester    withdrawn',
    // an investigator works the case
    'assigned            investigator  in_progress',
    'in_progress         investigator  awaiting_requester',
    'in_progress         investigator  closed',
    'awaiting_requester  investigator  in_progress',
    'awaiting_requester  investigator  closed',
    // a supervisor may do the same, and reopen
    'assigned            supervisor    in_progress',
    'in_progress         supervisor    awaiting_requester',
    'in_progress         supervisor    closed',
    'awaiting_requester  supervisor    in_progress',
    'awaiting_requester  supervisor    closed',
    'closed              supervisor    in_progress',
  ].map((line) => line.split(/\s+/).join(' ')),
);

const key = (from: string, actor: string, to: string) => `${from} ${actor} ${to}`;

/** Who holds the request, seen from the caller; the table above holds for all but one case below. */
const HOLDERS: Holder[] = ['nobody', 'caller', 'other'];

/** An investigator may not move a case another investigator holds: no moves at all. */
const heldByOther = (actor: TransitionActor, holder: Holder) =>
  actor === 'investigator' && holder === 'other';

const ALL_TRIPLES = STATUSES.flatMap((from) =>
  ACTORS.flatMap((actor) => STATUSES.map((to) => [from, actor, to] as const)),
);

describe('status machine vocabulary', () => {
  it('has exactly the statuses, movers and outcomes of the API contract', () => {
    expect([...CONSULTATION_STATUSES]).toEqual(STATUSES);
    expect([...TRANSITION_ACTORS].sort()).toEqual([...ACTORS].sort());
    expect([...OUTCOMES]).toEqual([
      'advice_given',
      'referred',
      'police_report_supported',
      'protection_arranged',
      'no_action',
    ]);
  });

  it('treats every status but closed and withdrawn as open', () => {
    expect([...OPEN_STATUSES]).toEqual([
      'submitted',
      'triaged',
      'assigned',
      'in_progress',
      'awaiting_requester',
    ]);
    expect(STATUSES.filter(isOpenStatus)).toEqual([...OPEN_STATUSES]);
  });

  it('lists only real triples in the expected table', () => {
    const all = new Set(ALL_TRIPLES.map(([f, a, t]) => key(f, a, t)));
    for (const allowed of ALLOWED_TRANSITIONS) expect(all.has(allowed)).toBe(true);
    expect(ALL_TRIPLES).toHaveLength(7 * 6 * 7);
  });
});

describe('decideTransition', () => {
  const CASES = ALL_TRIPLES.flatMap(([from, actor, to]) =>
    HOLDERS.map((holder) => [from, actor, to, holder] as const),
  );

  it.each(CASES)('%s by %s to %s, held by %s', (from, actor, to, holder) => {
    const decision = decideTransition(from, actor, to, holder);
    if (heldByOther(actor, holder)) {
      expect(decision).toStrictEqual({ allowed: false, allowedMoves: [], heldByOther: true });
      return;
    }
    const expectedAllowed = ALLOWED_TRANSITIONS.has(key(from, actor, to));
    const expectedMoves = STATUSES.filter((target) => ALLOWED_TRANSITIONS.has(key(from, actor, target)));
    if (expectedAllowed) {
      expect(decision).toStrictEqual({ allowed: true });
    } else {
      expect(decision).toStrictEqual({ allowed: false, allowedMoves: expectedMoves });
    }
  });

  it('refuses every move of a case another investigator holds, to investigators only', () => {
    expect(decideTransition('in_progress', 'investigator', 'closed', 'other')).toStrictEqual({
      allowed: false,
      allowedMoves: [],
      heldByOther: true,
    });
    expect(decideTransition('in_progress', 'investigator', 'closed', 'caller')).toEqual({ allowed: true });
    expect(decideTransition('in_progress', 'supervisor', 'closed', 'other')).toEqual({ allowed: true });
    expect(decideTransition('assigned', 'requester', 'withdrawn', 'other')).toEqual({ allowed: true });
  });

  it('never lets a status move to itself', () => {
    for (const status of STATUSES)
      for (const actor of ACTORS)
        expect(decideTransition(status, actor, status, 'caller').allowed).toBe(false);
  });

  it('never moves anything out of withdrawn', () => {
    for (const actor of ACTORS) expect(allowedTransitions('withdrawn', actor)).toEqual([]);
  });

  it('gives admins no moves at all (they never handle case content), nor an account without a role', () => {
    for (const from of STATUSES) expect(allowedTransitions(from, 'admin')).toEqual([]);
    for (const from of STATUSES) expect(allowedTransitions(from, 'none')).toEqual([]);
  });

  it('does not take a case (triaged to assigned) by a plain transition', () => {
    for (const actor of ACTORS)
      expect(decideTransition('triaged', actor, 'assigned', 'caller').allowed).toBe(false);
  });

  it('does not let staff close or wait on a case straight from assigned', () => {
    expect(decideTransition('assigned', 'investigator', 'closed', 'caller')).toEqual({
      allowed: false,
      allowedMoves: ['in_progress'],
    });
    expect(decideTransition('assigned', 'supervisor', 'awaiting_requester', 'caller')).toEqual({
      allowed: false,
      allowedMoves: ['in_progress'],
    });
  });

  it('does not let a requester withdraw a case being worked on', () => {
    expect(decideTransition('in_progress', 'requester', 'withdrawn', 'caller')).toEqual({
      allowed: false,
      allowedMoves: [],
    });
  });

  it('refuses unknown or hostile values instead of throwing', () => {
    for (const weird of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
      const status = weird as ConsultationStatus;
      const actor = weird as TransitionActor;
      expect(decideTransition(status, 'supervisor', 'in_progress', 'caller')).toEqual({
        allowed: false,
        allowedMoves: [],
      });
      expect(decideTransition('in_progress', actor, 'closed', 'caller')).toEqual({
        allowed: false,
        allowedMoves: [],
      });
      expect(decideTransition('in_progress', 'supervisor', status, 'caller')).toEqual({
        allowed: false,
        allowedMoves: ['awaiting_requester', 'closed'],
      });
    }
  });

  it('returns a fresh allowedMoves array each time', () => {
    const first = decideTransition('in_progress', 'investigator', 'withdrawn', 'caller');
    if (first.allowed) throw new Error('expected a refusal');
    first.allowedMoves.push('withdrawn');
    expect(allowedTransitions('in_progress', 'investigator')).toEqual(['awaiting_requester', 'closed']);
  });
});

describe('holderOf', () => {
  it('tells nobody, the caller and someone else apart', () => {
    expect(holderOf(null, 'me')).toBe('nobody');
    expect(holderOf('me', 'me')).toBe('caller');
    expect(holderOf('you', 'me')).toBe('other');
    expect(holderOf('you', null)).toBe('other');
  });
});

describe('transitionRequiresOutcome', () => {
  it.each(STATUSES.map((s) => [s, s === 'closed'] as const))('%s → %s', (to, required) => {
    expect(transitionRequiresOutcome(to)).toBe(required);
  });
});

describe('decideAssignment', () => {
  /** move, from, actor → status afterwards; every combination not listed is refused. */
  const ALLOWED_ASSIGNMENTS = new Map<string, ConsultationStatus>([
    ['claim submitted investigator', 'assigned'],
    ['claim triaged investigator', 'assigned'],
    ['claim submitted supervisor', 'assigned'],
    ['claim triaged supervisor', 'assigned'],
    ['assign submitted supervisor', 'assigned'],
    ['assign triaged supervisor', 'assigned'],
    ['assign assigned supervisor', 'assigned'],
    ['assign in_progress supervisor', 'in_progress'],
    ['assign awaiting_requester supervisor', 'awaiting_requester'],
    ['assign submitted system', 'assigned'],
    ['assign triaged system', 'assigned'],
    ['assign assigned system', 'assigned'],
    ['assign in_progress system', 'in_progress'],
    ['assign awaiting_requester system', 'awaiting_requester'],
  ]);
  const MOVES: AssignmentMove[] = ['claim', 'assign'];
  const COMBINATIONS = MOVES.flatMap((move) =>
    STATUSES.flatMap((from) => ACTORS.map((actor) => [move, from, actor] as const)),
  );

  it.each(COMBINATIONS)('%s from %s by %s', (move, from, actor) => {
    const expectedTo = ALLOWED_ASSIGNMENTS.get(`${move} ${from} ${actor}`);
    const roleMayEver = STATUSES.some((s) => ALLOWED_ASSIGNMENTS.has(`${move} ${s} ${actor}`));
    const expectedFrom = STATUSES.filter((s) => ALLOWED_ASSIGNMENTS.has(`${move} ${s} ${actor}`));
    const decision = decideAssignment(move, from, actor);
    if (expectedTo !== undefined) {
      expect(decision).toEqual({ allowed: true, to: expectedTo });
    } else {
      expect(decision).toEqual({ allowed: false, allowedFrom: roleMayEver ? expectedFrom : [] });
    }
  });

  it('refuses a claim of a request someone already holds', () => {
    expect(decideAssignment('claim', 'assigned', 'investigator')).toEqual({
      allowed: false,
      allowedFrom: ['submitted', 'triaged'],
    });
  });

  it('never reopens or resurrects a finished request by assignment', () => {
    for (const actor of ACTORS) {
      for (const move of MOVES) {
        expect(decideAssignment(move, 'closed', actor).allowed).toBe(false);
        expect(decideAssignment(move, 'withdrawn', actor).allowed).toBe(false);
      }
    }
  });

  it('refuses an unknown move', () => {
    expect(decideAssignment('steal' as AssignmentMove, 'triaged', 'supervisor')).toEqual({
      allowed: false,
      allowedFrom: [],
    });
    expect(decideAssignment('claim', '__proto__' as ConsultationStatus, 'investigator')).toEqual({
      allowed: false,
      allowedFrom: ['submitted', 'triaged'],
    });
  });
});
