import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PENDING_LOGIN_SECONDS, Public, SignOnOutcome, SingleSignOnService } from '@app/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems } from '../common/api-problems.decorator';
import { SessionCookie } from './session-cookie';

/**
 * The browser's tie to its sign-in: the `state` it was sent to the provider with, in an HttpOnly
 * cookie that only the callback receives. SameSite=Lax, because the provider's redirect back is a
 * navigation from another site (Strict would leave the cookie behind). It needs no signature: its
 * value is random, and the callback accepts it only when it equals the callback's state AND that
 * state is a pending sign-in on the server (oidc_pending_logins, taken once).
 */
export const OIDC_STATE_COOKIE = 'consult_intake_oidc';
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

/** Where the web app takes each outcome up (apps/web: the login page and the "ask your administrator" page). */
const WEB_PAGES: Record<Exclude<SignOnOutcome['kind'], 'signed_in'>, string> = {
  no_account: '/login/no-account',
  insufficient: '/login?sso=insufficient',
  failed: '/login?sso=failed',
};

const REDIRECT = (description: string) =>
  ApiResponse({ status: 302, description, headers: { Location: { schema: { type: 'string' }, description: 'Where to go next.' } } });

@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly sso: SingleSignOnService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get('login')
  @Public()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Sign in with the OpenID Provider (single sign-on)',
    description:
      'Redirects the browser to the provider: authorization code flow with PKCE (S256), `state` and `nonce`, and `acr_values` when OIDC_REQUIRED_ACR is set. ' +
      `The state is kept on the server for ${PENDING_LOGIN_SECONDS / 60} minutes and in an HttpOnly cookie \`${OIDC_STATE_COOKIE}\` (Path=${OIDC_CALLBACK_PATH}). ` +
      '404 when single sign-on is not configured. Counts against the anonymous limit per IP.',
  })
  @REDIRECT("To the provider's authorization endpoint.")
  @ApiProblems(400, 404, 429)
  async login(@Res() reply: FastifyReply): Promise<void> {
    const { state, url } = await this.sso.start();
    void reply.setCookie(OIDC_STATE_COOKIE, state, { ...stateCookie(), maxAge: PENDING_LOGIN_SECONDS });
    await reply.redirect(url.href, 302);
  }

  @Get('callback')
  @Public()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'The provider sends the browser back here',
    description:
      'Checks the state (this browser’s, pending, used once) and the ID token (signature, issuer, audience, expiry, nonce, and `acr` when OIDC_REQUIRED_ACR is set), ' +
      'then finds the active account linked to the provider’s `sub`, or on first use the active account with the verified `email` (and links it). Nobody is created. ' +
      'Signed in: the browser session’s refresh cookie is set (as POST /auth/login with `X-Session: cookie`) and the answer redirects to the web app (`/`), which takes its access token with POST /auth/refresh. ' +
      `Otherwise it redirects to the web app's page for the outcome: ${Object.values(WEB_PAGES).join(', ')}. ` +
      'The query (code, state, iss, or error) is read as the provider sent it. 404 when single sign-on is not configured.',
  })
  @REDIRECT('To the web app.')
  @ApiProblems(400, 404, 429)
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const outcome = await this.sso.finish(query, request.cookies?.[OIDC_STATE_COOKIE]);
    void reply.clearCookie(OIDC_STATE_COOKIE, stateCookie());
    if (outcome.kind === 'signed_in') {
      this.cookie.set(reply, outcome.login.refreshToken);
      await reply.redirect('/', 302);
      return;
    }
    await reply.redirect(WEB_PAGES[outcome.kind], 302);
  }
}

function stateCookie() {
  return { httpOnly: true, secure: true, sameSite: 'lax' as const, path: OIDC_CALLBACK_PATH };
}
