import { type Priority, PRIORITY_RANK, type RiskFactor, type RiskFactors } from '@app/consultations';

export interface RiskInput {
  concernTypes: string[];
  riskFactors: RiskFactors;
  subject?: { ageGroup?: string };
}

export interface RiskAssessment {
  riskScore: number;
  priority: Priority;
  triageReasons: string[];
}

/**
 * Points per factor, keyed by the machine-readable reason that names it in `triageReasons`.
 * The table order is the order of the reasons, so the output is stable for the same input.
 * Strangulation, threats to kill and weapon access are the strongest predictors of lethal
 * violence in close relationships, which is why they also carry a priority floor below.
 */
export const RISK_WEIGHTS = {
  immediate_danger: 100,
  strangulation: 40,
  threats_to_kill: 40,
  weapon_access: 35,
  trafficking_indicators: 25,
  children_in_household: 20,
  escalating_violence: 15,
  'concern:human_trafficking': 20,
  'concern:child_exposed_to_violence': 20,
  'concern:honor_related_violence': 20,
  'concern:sexual_violence': 15,
  'concern:domestic_violence': 10,
  'concern:prostitution': 10,
  'concern:other': 0,
  'subject:child': 15,
  'subject:youth': 10,
} as const satisfies Record<string, number>;

export type RiskReason = keyof typeof RISK_WEIGHTS;

/** Lowest score that reaches each priority; below `normal` the priority is `low`. */
export const PRIORITY_THRESHOLDS = { critical: 70, high: 40, normal: 10 } as const;

/**
 * A factor with a floor sets that priority whatever the score, so that re-weighting the table
 * can never push immediate danger or a lethality indicator down the queue.
 */
export const PRIORITY_FLOORS: Partial<Record<RiskReason, Priority>> = {
  immediate_danger: 'critical',
  strangulation: 'high',
  threats_to_kill: 'high',
  weapon_access: 'high',
};

export const MAX_RISK_SCORE = 100;

/** The reason that names each risk factor: a new factor does not compile until it has one (and a weight). */
const FACTOR_REASONS = {
  immediateDanger: 'immediate_danger',
  strangulation: 'strangulation',
  threatsToKill: 'threats_to_kill',
  weaponAccess: 'weapon_access',
  traffickingIndicators: 'trafficking_indicators',
  childrenInHousehold: 'children_in_household',
  escalatingViolence: 'escalating_violence',
} as const satisfies Record<RiskFactor, RiskReason>;

export function mostUrgent(a: Priority, b: Priority): Priority {
  return PRIORITY_RANK[a] <= PRIORITY_RANK[b] ? a : b;
}

export function priorityForScore(score: number): Priority {
  if (score >= PRIORITY_THRESHOLDS.critical) return 'critical';
  if (score >= PRIORITY_THRESHOLDS.high) return 'high';
  if (score >= PRIORITY_THRESHOLDS.normal) return 'normal';
  return 'low';
}

function isRiskReason(key: string): key is RiskReason {
  return Object.prototype.hasOwnProperty.call(RISK_WEIGHTS, key);
}

export function assessRisk(input: RiskInput): RiskAssessment {
  const present = new Set<RiskReason>();
  for (const [flag, reason] of Object.entries(FACTOR_REASONS) as [RiskFactor, RiskReason][]) {
    if (input.riskFactors[flag]) present.add(reason);
  }
  // Unknown concern types and age groups are ignored rather than rejected: validation belongs
  // to the request DTO, and triage must never fail on a request that was already accepted.
  for (const concern of input.concernTypes) {
    const key = `concern:${concern}`;
    if (isRiskReason(key)) present.add(key);
  }
  const ageKey = `subject:${input.subject?.ageGroup}`;
  if (isRiskReason(ageKey)) present.add(ageKey);

  // Only factors that add points are reasons; table order keeps the list stable.
  const triageReasons = (Object.keys(RISK_WEIGHTS) as RiskReason[]).filter(
    (reason) => present.has(reason) && RISK_WEIGHTS[reason] > 0,
  );
  const rawScore = triageReasons.reduce((sum, reason) => sum + RISK_WEIGHTS[reason], 0);
  const riskScore = Math.min(MAX_RISK_SCORE, rawScore);

  let priority = priorityForScore(riskScore);
  for (const reason of triageReasons) {
    const floor = PRIORITY_FLOORS[reason];
    if (floor) priority = mostUrgent(priority, floor);
  }
  return { riskScore, priority, triageReasons };
}
