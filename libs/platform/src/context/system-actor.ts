import type { Actor } from './request-context';

/**
 * The system: the worker's jobs (triage, escalation, mail, retention), the first-admin bootstrap
 * and the demo seed act as it. It has no id, so an audit event it records names no person.
 */
export const SYSTEM_ROLE = 'system';

export const SYSTEM_ACTOR: Actor = { id: null, role: SYSTEM_ROLE, organizationId: null };

/** The system as the actor fields of an audit event: `{ ...SYSTEM_AUDIT_ACTOR, action, ... }`. */
export const SYSTEM_AUDIT_ACTOR: { readonly actorId: null; readonly actorRole: typeof SYSTEM_ROLE } = {
  actorId: null,
  actorRole: SYSTEM_ROLE,
};
