import { AuthenticatedActor, Permission, roleHas } from '@app/identity';

/** Staff see every request; a requester only their own. */
export function seesEveryCase(actor: AuthenticatedActor): boolean {
  return roleHas(actor.role, Permission.ConsultationReadAll);
}

/** Whether `actor` may see a request (or its tombstone) filed by `requesterId`. */
export function maySee(actor: AuthenticatedActor, requesterId: string | null): boolean {
  return seesEveryCase(actor) || requesterId === actor.id;
}
