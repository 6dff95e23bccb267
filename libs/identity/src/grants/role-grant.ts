import { Role } from '../access/role';

/** The roles whose grant takes two people: an admin asks, a supervisor approves (docs/accounts.md). */
export const GRANTED_ROLES: readonly Role[] = [Role.Investigator, Role.Supervisor];

export const ROLE_GRANT_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'superseded'] as const;
/**
 * `withdrawn`: the admin changed the account's role otherwise, or deactivated it, before a decision;
 * `superseded`: a newer grant for the same account replaced it.
 */
export type RoleGrantStatus = (typeof ROLE_GRANT_STATUSES)[number];

/** A request to give an account a staff role, and its decision. */
export interface RoleGrant {
  id: string;
  userId: string;
  role: Role;
  /** The account's role when the grant was asked for (null: a new account, no role). */
  previousRole: Role | null;
  status: RoleGrantStatus;
  requestedBy: string | null;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** A rejection's reason (never in the audit trail). */
  reason: string | null;
}

/** A grant as supervisors list it: with the account's and the people's names. */
export interface RoleGrantView extends RoleGrant {
  email: string;
  displayName: string;
  /** The account's role now. */
  currentRole: Role | null;
  active: boolean;
  requestedByName: string | null;
  decidedByName: string | null;
}

export interface RoleGrantFilter {
  status?: RoleGrantStatus;
}
