import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '@app/platform';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { SessionsRepository } from '../sessions/sessions.repository';
import { jwtKey, type AccessClaims } from '../sessions/token.service';
import type { AuthenticatedActor } from './access.decorators';
import { runStrategy } from './passport-runner';
import { IdentityConfig } from '../identity.config';

/** How far in the future an `iat` may lie (clocks of several API replicas disagree a little). */
const CLOCK_SKEW_SECONDS = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A well-signed token whose user or login no longer qualifies; the guard audits it (the caller is known). */
export class StaleCredentialsError extends UnauthenticatedError {
  constructor(
    readonly userId: string,
    readonly role: string,
    readonly reason: 'session_revoked' | 'session_expired' | 'inactive_account' | 'token_version_changed' | 'unknown_session',
  ) {
    super('The access token is no longer valid; log in again.');
  }
}

/**
 * Verifies `Authorization: Bearer <jwt>` with passport-jwt, the algorithm pinned to HS256 and issuer,
 * audience and expiry checked (`alg: none`, a forged signature, an expired token or one without
 * `exp` or `iat` fail), then checks
 * in one indexed lookup that the user is active, the token version is current and the login is
 * neither revoked nor out of time (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS). Deliberately no cache: no request path may depend on Redis, and a deactivation must bite
 * on the very next request.
 */
@Injectable()
export class AccessTokenAuthenticator {
  private readonly strategy: JwtStrategy;

  constructor(
    config: IdentityConfig,
    private readonly sessions: SessionsRepository,
  ) {
    this.strategy = new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // A KeyObject made once (see jwtKey); passport-jwt passes it through to jsonwebtoken, which
        // accepts it, though @types/passport-jwt only names string | Buffer.
        secretOrKey: jwtKey(config.get('JWT_SECRET')) as unknown as Buffer,
        algorithms: ['HS256'],
        issuer: config.get('JWT_ISSUER'),
        audience: config.get('JWT_AUDIENCE'),
        ignoreExpiration: false,
      },
      (claims: Partial<AccessClaims>, done: (error: unknown, actor?: AuthenticatedActor | false) => void) => {
        this.resolve(claims).then(
          (actor) => done(null, actor),
          (error) => done(error),
        );
      },
    );
  }

  /** The actor, or null when the request carries no valid token. Throws StaleCredentialsError for a revoked one. */
  authenticate(request: unknown): Promise<AuthenticatedActor | null> {
    return runStrategy<AuthenticatedActor>(this.strategy, request);
  }

  private async resolve(claims: Partial<AccessClaims> & { exp?: unknown; iat?: unknown }): Promise<AuthenticatedActor | false> {
    const { sub, sid, tv, exp, iat } = claims;
    // jsonwebtoken checks `exp` only when present: a token without it (or without `iat`, or issued in
    // the future) is refused here, so no token lives forever.
    if (
      typeof exp !== 'number' ||
      typeof iat !== 'number' ||
      iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS ||
      typeof sub !== 'string' ||
      !UUID.test(sub) ||
      typeof sid !== 'string' ||
      !UUID.test(sid) ||
      typeof tv !== 'number'
    ) {
      return false;
    }
    const state = await this.sessions.findState(sid, sub);
    const role = state?.role ?? String(claims.role ?? 'unknown');
    if (!state) throw new StaleCredentialsError(sub, role, 'unknown_session');
    if (!state.active) throw new StaleCredentialsError(sub, role, 'inactive_account');
    if (state.tokenVersion !== tv) throw new StaleCredentialsError(sub, role, 'token_version_changed');
    if (!state.sessionLive) throw new StaleCredentialsError(sub, role, state.sessionExpired ? 'session_expired' : 'session_revoked');
    return { id: sub, role: state.role, organizationId: state.organizationId, sessionId: sid };
  }
}
