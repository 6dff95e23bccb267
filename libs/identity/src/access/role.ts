export enum Role {
  Requester = 'requester',
  Investigator = 'investigator',
  Supervisor = 'supervisor',
  Admin = 'admin',
}

export const ROLES = Object.values(Role);

/**
 * The actor role (request context, audit `actorRole`) of an account that has no role yet
 * (`users.role` NULL: created for a staff role whose grant a supervisor has not approved). It holds
 * only its own session (role-permissions.ts); answers show such an account's `role` as null.
 */
export const NO_ROLE = 'none';

/**
 * A signed-in caller's role: one of the roles, or NO_ROLE. Spelled as the roles' values, so that
 * `Role.Investigator` and a table keyed by `'investigator'` both fit.
 */
export type ActorRole = `${Role}` | typeof NO_ROLE;
