import { AuthenticatedActor, Permission, roleHas } from '@app/identity';
import { ForbiddenError } from '@app/platform';

/** Defence in depth behind the access guard: a role without the permission is 403. */
export function requirePermission(actor: AuthenticatedActor, permission: Permission): void {
  if (!roleHas(actor.role, permission)) throw new ForbiddenError();
}

/** Staff see every request; a requester only their own. */
export function seesEveryCase(actor: AuthenticatedActor): boolean {
  return roleHas(actor.role, Permission.ConsultationReadAll);
}

/** Whether `actor` may see a request (or its tombstone) filed by `requesterId`. */
export function maySee(actor: AuthenticatedActor, requesterId: string | null): boolean {
  return seesEveryCase(actor) || requesterId === actor.id;
}
