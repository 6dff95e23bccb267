import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@app/platform';
import { Permission } from './permission';
import type { ActorRole } from './role';

export const ALLOW_KEY = 'access:allow';
export const PUBLIC_KEY = 'access:public';
export const OWN_LIMIT_KEY = 'access:own-anonymous-limit';

/** The permission a route requires. Every route declares this or @Public() (deny by default). */
export const Allow = (permission: Permission) => SetMetadata(ALLOW_KEY, permission);

/**
 * Explicitly open to anonymous callers: login, refresh, health, docs. Anonymous calls count against
 * the per-IP anonymous limit (THROTTLE_ANONYMOUS_LIMIT) unless `ownLimit` says why the route is not
 * counted there: `login` (LoginThrottle limits it per IP and account) or `probe` (health checks: a
 * load balancer must never be refused).
 */
export const Public = (options: { ownLimit?: 'login' | 'probe' } = {}) =>
  options.ownLimit ? applyDecorators(SetMetadata(PUBLIC_KEY, true), SetMetadata(OWN_LIMIT_KEY, options.ownLimit)) : SetMetadata(PUBLIC_KEY, true);

export const ACCESS_RESOURCE_KEY = 'access:resource';
/**
 * The kind of record a controller's `:id` routes aim at (e.g. `consultation`). A refusal by the
 * guard (401 of a known user, 403) is then audited on that record (resourceType and the id), so an
 * attempt the route itself refused still reaches the record's access log.
 */
export const AccessResource = (resourceType: string) => SetMetadata(ACCESS_RESOURCE_KEY, resourceType);

/**
 * The authenticated caller, as the access guard resolved it: the one type every service takes for
 * "who is calling" (identity, consultations, triage, mail). The request context and audit see it
 * as platform's `Actor`, which also covers the system (no id).
 */
export interface AuthenticatedActor extends Actor {
  id: string;
  role: ActorRole;
  organizationId: string | null;
  /** The refresh-token family (login) this access token belongs to. */
  sessionId: string;
}

export const CurrentActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedActor => ctx.switchToHttp().getRequest().user,
);
