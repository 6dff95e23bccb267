import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@app/platform';
import { Permission } from './permission';

export const ALLOW_KEY = 'access:allow';
export const PUBLIC_KEY = 'access:public';

/** The permission a route requires. Every route declares this or @Public() (deny by default). */
export const Allow = (permission: Permission) => SetMetadata(ALLOW_KEY, permission);

/** Explicitly open to anonymous callers: login, refresh, health, docs. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller, as the access guard resolved it. */
export interface AuthenticatedActor extends Actor {
  id: string;
  role: string;
  organizationId: string | null;
  /** The refresh-token family (login) this access token belongs to. */
  sessionId: string;
}

export const CurrentActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedActor => ctx.switchToHttp().getRequest().user,
);
