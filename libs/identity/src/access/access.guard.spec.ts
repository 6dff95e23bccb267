import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuditRecorder } from '@app/audit';
import {
  Database,
  ForbiddenError,
  RequestContext,
  TooManyRequestsError,
  UnauthenticatedError,
} from '@app/platform';
import type { Refusal, RefusalTally } from '../refusals/refusal-tally';
import type { AnonymousLimit } from '../throttling/anonymous-limit';
import { AccessResource, Allow, AuthenticatedActor, Public } from './access.decorators';
import { AccessGuard } from './access.guard';
import { AccessTokenAuthenticator, StaleCredentialsError } from './access-token.authenticator';
import { Permission } from './permission';

@AccessResource('consultation')
class Routes {
  @Public()
  open(): void {}

  @Public({ ownLimit: 'probe' })
  probe(): void {}

  @Allow(Permission.UserList)
  listUsers(): void {}

  undeclared(): void {}
}

const requester: AuthenticatedActor = { id: 'u1', role: 'requester', organizationId: 'o1', sessionId: 's1' };
const admin: AuthenticatedActor = { id: 'u2', role: 'admin', organizationId: null, sessionId: 's2' };

function setUp(authenticate: () => Promise<AuthenticatedActor | null>, wait: number | null = null) {
  const recorded: Record<string, unknown>[] = [];
  const tallied: Refusal[] = [];
  const anonymousLimit = { hit: jest.fn(async () => wait) };
  const refusals = { count: jest.fn(async (refusal: Refusal) => void tallied.push(refusal)) };
  const audit = {
    record: jest.fn(async (_m: unknown, input: Record<string, unknown>) => void recorded.push(input)),
  };
  const context = { setActor: jest.fn() };
  const tokens = { authenticate: jest.fn(authenticate) };
  const guard = new AccessGuard(
    new Reflector(),
    tokens as unknown as AccessTokenAuthenticator,
    {} as Database,
    audit as unknown as AuditRecorder,
    context as unknown as RequestContext,
    anonymousLimit as unknown as AnonymousLimit,
    refusals as unknown as RefusalTally,
  );
  const request: Record<string, unknown> = {
    method: 'GET',
    url: '/api/v1/users?role=x',
    routeOptions: { url: '/api/v1/users' },
    ip: '203.0.113.9',
    headers: {},
    params: {},
  };
  const run = (handler: keyof Routes) =>
    guard.canActivate({
      getType: () => 'http',
      getHandler: () => Routes.prototype[handler],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext);
  return { run, recorded, tallied, tokens, context, request, anonymousLimit };
}

describe('AccessGuard', () => {
  it('lets a @Public() route through without looking at a token, counting it against the anonymous limit', async () => {
    const { run, tokens, anonymousLimit } = setUp(async () => null);
    await expect(run('open')).resolves.toBe(true);
    expect(tokens.authenticate).not.toHaveBeenCalled();
    expect(anonymousLimit.hit).toHaveBeenCalledWith('203.0.113.9');
  });

  it('answers 429 on a @Public() route once the IP is over the anonymous limit, but never on a probe', async () => {
    const { run, anonymousLimit } = setUp(async () => null, 30);
    await expect(run('open')).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(run('probe')).resolves.toBe(true);
    expect(anonymousLimit.hit).toHaveBeenCalledTimes(1);
  });

  it('refuses a route that declares no permission, to everyone, and audits it', async () => {
    const { run, recorded, tokens } = setUp(async () => admin);
    await expect(run('undeclared')).rejects.toBeInstanceOf(ForbiddenError);
    expect(tokens.authenticate).not.toHaveBeenCalled();
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'access.denied',
        outcome: 'denied',
        details: expect.objectContaining({ reason: 'no_permission_declared' }),
      }),
    ]);
  });

  it('answers 401 to an anonymous caller and counts it into the aggregated tally, writing no event of its own', async () => {
    const { run, recorded, tallied } = setUp(async () => null);
    await expect(run('listUsers')).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(recorded).toEqual([]);
    expect(tallied).toEqual([
      {
        kind: expect.objectContaining({ action: 'access.unauthenticated', outcome: 'denied' }),
        ip: '203.0.113.9',
        reason: 'missing_token',
        route: 'GET /api/v1/users',
      },
    ]);
  });

  it('answers 429 to an anonymous caller over the limit, still counted (as throttled)', async () => {
    const { run, recorded, tallied, request } = setUp(async () => null, 42);
    request.headers = { authorization: 'Bearer forged' };
    const refusal = run('listUsers');
    await expect(refusal).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(refusal).rejects.toMatchObject({ retryAfterSeconds: 42 });
    expect(recorded).toEqual([]);
    expect(tallied).toEqual([expect.objectContaining({ reason: 'throttled' })]);
  });

  it('answers 401 and audits when a well-signed token belongs to a deactivated user', async () => {
    const { run, recorded } = setUp(async () => {
      throw new StaleCredentialsError('u3', 'investigator', 'inactive_account');
    });
    await expect(run('listUsers')).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'access.denied',
        actorId: 'u3',
        resourceType: 'route',
        details: { reason: 'inactive_account', permission: 'user.list', route: 'GET /api/v1/users' },
      }),
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

  it('audits a 403 on the record the route aims at when the controller names its kind', async () => {
    const { run, recorded, request } = setUp(async () => requester);
    request.params = { id: 'C0FFEE00-0000-4000-8000-000000000001' };
    await expect(run('listUsers')).rejects.toBeInstanceOf(ForbiddenError);
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'access.denied',
        resourceType: 'consultation',
        resourceId: 'c0ffee00-0000-4000-8000-000000000001',
      }),
    ]);
  });

  it('audits on the route when the id is not a UUID (no junk in resourceId)', async () => {
    const { run, recorded, request } = setUp(async () => requester);
    request.params = { id: "1' OR 1=1" };
    await expect(run('listUsers')).rejects.toBeInstanceOf(ForbiddenError);
    expect(recorded).toEqual([
      expect.objectContaining({ resourceType: 'route', resourceId: 'GET /api/v1/users' }),
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
