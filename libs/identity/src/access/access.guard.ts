import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditRecorder } from '@app/audit';
import { ForbiddenError, RequestContext, UnauthenticatedError } from '@app/platform';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ALLOW_KEY, AuthenticatedActor, PUBLIC_KEY } from './access.decorators';
import { AccessTokenAuthenticator, StaleCredentialsError } from './access-token.authenticator';
import { Permission } from './permission';
import { roleHas } from './role-permissions';

type GuardedRequest = FastifyRequest & { user?: AuthenticatedActor };

/**
 * The one global guard (APP_GUARD): deny by default.
 * 1. `@Public()` routes pass.
 * 2. A route without `@Allow(permission)` is refused to everyone (403, audited).
 * 3. The bearer token must be valid and current (401). Every refused attempt is audited as
 *    `access.denied` (api.md), anonymous ones included: a missing, forged or expired token is
 *    recorded with actor `anonymous` and the caller's ip, a well-signed token of a deactivated user
 *    or revoked login with that user. (Flooding is bounded by the per-IP throttle on the auth
 *    routes and by the chain append being one short statement.)
 * 4. The caller's role must hold the permission (403, audited as `access.denied`).
 * Then `request.user` and the request context carry the actor.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenAuthenticator,
    private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly context: RequestContext,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    if (execution.getType() !== 'http') return true;
    const targets = [execution.getHandler(), execution.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = execution.switchToHttp().getRequest<GuardedRequest>();
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(ALLOW_KEY, targets);
    if (!permission) {
      await this.recordDenial(request, null, { reason: 'no_permission_declared' });
      throw new ForbiddenError('This route is not open to any role.');
    }
    const actor = await this.authenticate(request, permission);
    this.context.setActor(actor);
    request.user = actor;
    if (!roleHas(actor.role, permission)) {
      await this.recordDenial(request, actor, { reason: 'role_lacks_permission', permission });
      throw new ForbiddenError();
    }
    return true;
  }

  private async authenticate(request: GuardedRequest, permission: Permission): Promise<AuthenticatedActor> {
    let actor: AuthenticatedActor | null;
    try {
      actor = await this.tokens.authenticate(request);
    } catch (error) {
      if (!(error instanceof StaleCredentialsError)) throw error;
      await this.recordDenial(request, { id: error.userId, role: error.role }, { reason: error.reason, permission });
      throw error;
    }
    if (!actor) {
      await this.recordDenial(request, null, { reason: 'unauthenticated', permission });
      throw new UnauthenticatedError('A valid bearer access token is required.');
    }
    return actor;
  }

  /** One statement, so it commits on its own. Names the permission and route, never a token. */
  private async recordDenial(
    request: GuardedRequest,
    actor: { id: string; role: string } | null,
    details: { reason: string; permission?: Permission },
  ): Promise<void> {
    const route = `${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]}`;
    await this.audit.record(this.dataSource.manager, {
      action: 'access.denied',
      resourceType: 'route',
      resourceId: route,
      outcome: 'denied',
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? 'anonymous',
      details: { ...details, route },
    });
  }
}
