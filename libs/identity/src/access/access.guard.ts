import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditRecorder } from '@app/audit';
import {
  Database,
  ForbiddenError,
  RequestContext,
  TooManyRequestsError,
  UnauthenticatedError,
} from '@app/platform';
import type { FastifyRequest } from 'fastify';
import { RefusalTally } from '../refusals/refusal-tally';
import { AnonymousLimit } from '../throttling/anonymous-limit';
import {
  ACCESS_RESOURCE_KEY,
  ALLOW_KEY,
  AuthenticatedActor,
  OWN_LIMIT_KEY,
  PUBLIC_KEY,
} from './access.decorators';
import { AccessTokenAuthenticator, StaleCredentialsError } from './access-token.authenticator';
import { Permission } from './permission';
import { roleHas } from './role-permissions';

type GuardedRequest = FastifyRequest & { user?: AuthenticatedActor };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The kind of refused anonymous attempt: one event per client IP per minute, with the count (api.md). */
const UNAUTHENTICATED = {
  action: 'access.unauthenticated',
  resourceType: 'route',
  resourceId: null,
  outcome: 'denied',
} as const;

/**
 * The one global guard (APP_GUARD): deny by default.
 * 1. `@Public()` routes pass; anonymous calls count against the per-IP anonymous limit
 *    (AnonymousLimit, 429) unless the route has a limit of its own (login, refresh, health).
 * 2. A route without `@Allow(permission)` is refused to everyone (403, audited).
 * 3. The bearer token must be valid and current (401). A request with no or an invalid token names
 *    nobody: it counts against the anonymous limit (429 beyond it) and is audited in aggregate
 *    (RefusalTally: one `access.unauthenticated` event per client IP per minute, with the count), so
 *    a flood never adds a row per request. A well-signed token of a deactivated user or revoked login
 *    names its user: each such refusal is an `access.denied` event of that user (while the IP is
 *    within the anonymous limit; beyond it, 429 and aggregated).
 * 4. The caller's role must hold the permission (403, audited as `access.denied`, on the record the
 *    route aims at when the controller names its kind with @AccessResource).
 * Then `request.user` and the request context carry the actor.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenAuthenticator,
    private readonly db: Database,
    private readonly audit: AuditRecorder,
    private readonly context: RequestContext,
    private readonly anonymousLimit: AnonymousLimit,
    private readonly refusals: RefusalTally,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    if (execution.getType() !== 'http') return true;
    const targets = [execution.getHandler(), execution.getClass()];
    const request = execution.switchToHttp().getRequest<GuardedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      if (!this.reflector.getAllAndOverride<string>(OWN_LIMIT_KEY, targets)) {
        const wait = await this.anonymousLimit.hit(request.ip);
        if (wait !== null) throw new TooManyRequestsError(wait);
      }
      return true;
    }
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(ALLOW_KEY, targets);
    const resourceType = this.reflector.getAllAndOverride<string | undefined>(ACCESS_RESOURCE_KEY, targets);
    if (!permission) {
      await this.recordDenial(request, null, { reason: 'no_permission_declared' }, resourceType);
      throw new ForbiddenError('This route is not open to any role.');
    }
    const actor = await this.authenticate(request, permission, resourceType);
    this.context.setActor(actor);
    request.user = actor;
    if (!roleHas(actor.role, permission)) {
      await this.recordDenial(request, actor, { reason: 'role_lacks_permission', permission }, resourceType);
      throw new ForbiddenError();
    }
    return true;
  }

  private async authenticate(
    request: GuardedRequest,
    permission: Permission,
    resourceType: string | undefined,
  ): Promise<AuthenticatedActor> {
    let actor: AuthenticatedActor | null;
    try {
      actor = await this.tokens.authenticate(request);
    } catch (error) {
      if (!(error instanceof StaleCredentialsError)) throw error;
      const wait = await this.anonymousLimit.hit(request.ip);
      if (wait !== null) await this.refuseAnonymous(request, error.reason, wait);
      await this.recordDenial(
        request,
        { id: error.userId, role: error.role },
        { reason: error.reason, permission },
        resourceType,
      );
      throw error;
    }
    if (!actor) {
      const reason = request.headers.authorization ? 'invalid_token' : 'missing_token';
      await this.refuseAnonymous(request, reason, await this.anonymousLimit.hit(request.ip));
    }
    return actor as AuthenticatedActor;
  }

  /** Counts the refusal into this IP's tally for the minute, then answers 429 (over the limit) or 401. */
  private async refuseAnonymous(
    request: GuardedRequest,
    reason: string,
    wait: number | null,
  ): Promise<never> {
    await this.refusals.count({
      kind: UNAUTHENTICATED,
      ip: request.ip,
      reason: wait === null ? reason : 'throttled',
      route: routeOf(request),
    });
    if (wait !== null) throw new TooManyRequestsError(wait);
    throw new UnauthenticatedError('A valid bearer access token is required.');
  }

  /** One statement, so it commits on its own. Names the permission, route and record, never a token. */
  private async recordDenial(
    request: GuardedRequest,
    actor: { id: string; role: string } | null,
    details: { reason: string; permission?: Permission },
    resourceType: string | undefined,
  ): Promise<void> {
    const route = routeOf(request);
    const id = (request.params as Record<string, unknown> | undefined)?.id;
    const target =
      resourceType && typeof id === 'string' && UUID.test(id)
        ? { resourceType, resourceId: id.toLowerCase() }
        : null;
    await this.audit.record(this.db, {
      action: 'access.denied',
      resourceType: target?.resourceType ?? 'route',
      resourceId: target?.resourceId ?? route,
      outcome: 'denied',
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? 'anonymous',
      details: { ...details, route },
    });
  }
}

function routeOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]}`;
}
