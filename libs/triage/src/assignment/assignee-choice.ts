/** An on-duty investigator's current load, as the consultations service counts it. */
export interface InvestigatorLoad {
  investigatorId: string;
  /** Requests assigned to them and not yet closed or withdrawn. */
  openAssigned: number;
  /** When they were last given a request; null if never. */
  lastAssignedAt: Date | null;
}

/**
 * Whom to suggest for a new request: the fewest open assigned requests; on a tie, the one who has
 * waited longest since their last assignment (never assigned counts as longest); then by id, so
 * the same loads always give the same answer. Null when nobody is on duty.
 */
export function chooseAssignee(loads: readonly InvestigatorLoad[]): string | null {
  let best: InvestigatorLoad | null = null;
  for (const load of loads) {
    if (best === null || compareLoads(load, best) < 0) best = load;
  }
  return best?.investigatorId ?? null;
}

function compareLoads(a: InvestigatorLoad, b: InvestigatorLoad): number {
  if (a.openAssigned !== b.openAssigned) return a.openAssigned - b.openAssigned;
  const aLast = a.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const bLast = b.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (aLast !== bLast) return aLast < bLast ? -1 : 1;
  return a.investigatorId < b.investigatorId ? -1 : a.investigatorId > b.investigatorId ? 1 : 0;
}
