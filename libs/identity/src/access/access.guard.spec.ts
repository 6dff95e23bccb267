import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuditRecorder } from '@app/audit';
import { ForbiddenError, RequestContext, UnauthenticatedError } from '@app/platform';
import type { DataSource } from 'typeorm';
import { Allow, AuthenticatedActor, Public } from './access.decorators';
import { AccessGuard } from './access.guard';
import { AccessTokenAuthenticator, StaleCredentialsError } from './access-token.authenticator';
import { Permission } from './permission';

class Routes {
  @Public()
  open(): void {}

  @Allow(Permission.UserList)
  listUsers(): void {}

  undeclared(): void {}
}

const requester: AuthenticatedActor = { id: 'u1', role: 'requester', organizationId: 'o1', sessionId: 's1' };
const admin: AuthenticatedActor = { id: 'u2', role: 'admin', organizationId: null, sessionId: 's2' };

function setUp(authenticate: () => Promise<AuthenticatedActor | null>) {
  const recorded: Record<string, unknown>[] = [];
  const audit = { record: jest.fn(async (_m: unknown, input: Record<string, unknown>) => void recorded.push(input)) };
  const context = { setActor: jest.fn() };
  const tokens = { authenticate: jest.fn(authenticate) };
  const guard = new AccessGuard(
    new Reflector(),
    tokens as unknown as AccessTokenAuthenticator,
    { manager: {} } as DataSource,
    audit as unknown as AuditRecorder,
    context as unknown as RequestContext,
  );
  const request: Record<string, unknown> = { method: 'GET', url: '/api/v1/users?role=x', routeOptions: { url: '/api/v1/users' } };
  const run = (handler: keyof Routes) =>
    guard.canActivate({
      getType: () => 'http',
      getHandler: () => Routes.prototype[handler],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext);
  return { run, recorded, tokens, context, request };
}

describe('AccessGuard', () => {
  it('lets a @Public() route through without looking at a token', async () => {
    const { run, tokens } = setUp(async () => null);
    await expect(run('open')).resolves.toBe(true);
    expect(tokens.authenticate).not.toHaveBeenCalled();
  });

  it('refuses a route that declares no permission, to everyone, and audits it', async () => {
    const { run, recorded, tokens } = setUp(async () => admin);
    await expect(run('undeclared')).rejects.toBeInstanceOf(ForbiddenError);
    expect(tokens.authenticate).not.toHaveBeenCalled();
    expect(recorded).toEqual([expect.objectContaining({ action: 'access.denied', outcome: 'denied', details: expect.objectContaining({ reason: 'no_permission_declared' }) })]);
  });

  it('answers 401 and audits an anonymous access.denied when there is no valid token', async () => {
    const { run, recorded } = setUp(async () => null);
    await expect(run('listUsers')).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'access.denied',
        outcome: 'denied',
        actorId: null,
        actorRole: 'anonymous',
        details: expect.objectContaining({ reason: 'unauthenticated', permission: 'user.list' }),
      }),
    ]);
  });

  it('answers 401 and audits when a well-signed token belongs to a deactivated user', async () => {
    const { run, recorded } = setUp(async () => {
      throw new StaleCredentialsError('u3', 'investigator', 'inactive_account');
    });
    await expect(run('listUsers')).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(recorded).toEqual([
      expect.objectContaining({ action: 'access.denied', actorId: 'u3', details: { reason: 'inactive_account', permission: 'user.list', route: 'GET /api/v1/users' } }),
    ]);
  });

  it('answers 403 and audits the permission and route when the role lacks the permission', async () => {
    const { run, recorded } = setUp(async () => requester);
    await expect(run('listUsers')).rejects.toBeInstanceOf(ForbiddenError);
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'access.denied',
        resourceType: 'route',
        resourceId: 'GET /api/v1/users',
        actorId: 'u1',
        actorRole: 'requester',
        details: { reason: 'role_lacks_permission', permission: 'user.list', route: 'GET /api/v1/users' },
      }),
    ]);
  });

  it('lets a role holding the permission through and publishes the actor', async () => {
    const { run, recorded, context, request } = setUp(async () => admin);
    await expect(run('listUsers')).resolves.toBe(true);
    expect(recorded).toEqual([]);
    expect(request.user).toBe(admin);
    expect(context.setActor).toHaveBeenCalledWith(admin);
  });
});
