import type { AuditEventInput } from '@app/audit';
import { NO_ROLE } from './role';

interface Account {
  id: string;
  role: string | null;
}

/** The audit actor of an account acting for itself; one with no role yet acts as NO_ROLE. */
export function accountActor(account: Account): { actorId: string; actorRole: string } {
  return { actorId: account.id, actorRole: account.role ?? NO_ROLE };
}

/**
 * An audit event about an account, by that same account: a link used, a second factor or passkey
 * ceremony begun, a provider linked.
 */
export function ownAccountEvent(
  account: Account,
  action: string,
  details?: Record<string, unknown>,
): AuditEventInput {
  return {
    action,
    resourceType: 'user',
    resourceId: account.id,
    ...accountActor(account),
    ...(details ? { details } : {}),
  };
}
