import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '@app/platform';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityConfig } from '@app/identity';

/**
 * Browser sessions (docs/api.md v1.1 "Sessions", docs/web.md): the web app sends `X-Session: cookie`
 * on login, refresh and logout. Then the refresh token travels only in an HttpOnly cookie scoped to
 * /api/v1/auth and never in JSON. The cookie is read only when that header is present, and a request
 * carrying an Origin header must come from the service's own origin: a cross-site page can neither
 * set the header without a CORS preflight (which this service never grants) nor forge the Origin.
 */
export const SESSION_HEADER = 'x-session';
export const SESSION_HEADER_VALUE = 'cookie';
export const REFRESH_COOKIE = 'consult_intake_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** Documents the `X-Session` header of the routes that answer (or read) a login's tokens. */
export const BROWSER_SESSION = ApiHeader({
  name: 'X-Session',
  required: false,
  enum: ['cookie'],
  description:
    `Browser session (the web app): with \`cookie\` the refresh token is set as an HttpOnly, Secure, SameSite=Strict cookie \`${REFRESH_COOKIE}\` ` +
    `(Path=${REFRESH_COOKIE_PATH}) and left out of the JSON; refresh and logout then read it from that cookie. ` +
    'A request with this header and an Origin header from another origin is 403. Without the header the cookie is never read.',
});

@Injectable()
export class SessionCookie {
  constructor(private readonly config: IdentityConfig) {}

  /** True when the caller asked for a browser session; refuses one from a foreign origin. */
  isBrowserSession(request: FastifyRequest): boolean {
    if (request.headers[SESSION_HEADER] !== SESSION_HEADER_VALUE) return false;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== this.ownOrigin(request)) {
      throw new ForbiddenError('A browser session must come from this service’s own web app.');
    }
    return true;
  }

  /**
   * An answer carrying a new token pair (a login, a second step, a refresh), as the client gets it:
   * in a browser session the refresh token goes into the cookie and out of the JSON.
   */
  deliver<T extends { refreshToken?: string }>(browser: boolean, reply: FastifyReply, answer: T): T {
    if (!browser) return answer;
    this.set(reply, answer.refreshToken as string);
    const { refreshToken: _cookieOnly, ...rest } = answer;
    return rest as T;
  }

  read(request: FastifyRequest): string | undefined {
    const value = request.cookies?.[REFRESH_COOKIE];
    return value ? value : undefined;
  }

  set(reply: FastifyReply, refreshToken: string): void {
    void reply.setCookie(REFRESH_COOKIE, refreshToken, {
      ...this.attributes(),
      maxAge: this.config.get('REFRESH_TOKEN_TTL_DAYS') * 24 * 3600,
    });
  }

  clear(reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, this.attributes());
  }

  private attributes() {
    return { httpOnly: true, secure: true, sameSite: 'strict' as const, path: REFRESH_COOKIE_PATH };
  }

  private ownOrigin(request: FastifyRequest): string {
    return this.config.get('WEB_BASE_URL') ?? `${request.protocol}://${request.host}`;
  }
}
