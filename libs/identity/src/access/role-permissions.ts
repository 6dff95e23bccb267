import { ForbiddenError } from '@app/platform';
import { Permission as P } from './permission';
import { NO_ROLE, Role } from './role';

const CASE_WORK: P[] = [
  P.SessionSelf,
  P.ConsultationRead,
  P.ConsultationReadAll,
  P.ConsultationList,
  P.ConsultationClaim,
  P.ConsultationTriage,
  P.ConsultationTransition,
  P.TriageQueueRead,
  P.MessageCreate,
  P.MessageList,
  P.MessageInternal,
  P.NotificationRead,
];

/**
 * The one map from roles to permissions. Admins manage accounts and never hold a permission on
 * case content (separation of duties).
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<P>> = {
  [Role.Requester]: new Set([
    P.SessionSelf,
    P.ConsultationCreate,
    P.ConsultationRead,
    P.ConsultationList,
    P.ConsultationTransition,
    P.MessageCreate,
    P.MessageList,
    P.NotificationRead,
  ]),
  [Role.Investigator]: new Set([...CASE_WORK, P.AvailabilitySet]),
  [Role.Supervisor]: new Set([
    ...CASE_WORK,
    P.ConsultationAssign,
    P.ConsultationPriorityLower,
    P.ConsultationAccessLog,
    P.ConsultationLegalHold,
    P.RetentionRead,
    P.StatsQueueRead,
    P.AuditRead,
    P.AuditExport,
    P.AuditVerify,
    P.AuditReport,
    P.RoleGrantReview,
  ]),
  [Role.Admin]: new Set([
    P.SessionSelf,
    P.OrganizationCreate,
    P.OrganizationList,
    P.UserCreate,
    P.UserList,
    P.UserUpdate,
    P.UserMfaReset,
    P.NotificationRead,
  ]),
};

/** An account without a role (its staff-role grant is pending): its own session (/auth/me, logout) and nothing else. */
const NO_ROLE_PERMISSIONS: ReadonlySet<P> = new Set([P.SessionSelf]);

export function roleHas(role: string, permission: P): boolean {
  if (role === NO_ROLE) return NO_ROLE_PERMISSIONS.has(permission);
  return ROLE_PERMISSIONS[role as Role]?.has(permission) ?? false;
}

/** Defence in depth behind the access guard (a service's first line): a role without the permission is 403. */
export function requirePermission(actor: { role: string }, permission: P): void {
  if (!roleHas(actor.role, permission)) throw new ForbiddenError();
}
