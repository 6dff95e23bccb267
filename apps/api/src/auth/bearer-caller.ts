import { Injectable } from '@nestjs/common';
import { AccessTokenAuthenticator, AuthenticatedActor } from '@app/identity';
import { RequestContext, UnauthenticatedError } from '@app/platform';

/**
 * The bearer token's user on a public route that serves either a login's second step (with an
 * `mfaToken`) or a logged-in user (TOTP enrolment): the token is checked as the access guard checks
 * it (signature, expiry, live login, active account, token version) and becomes the request's actor.
 */
@Injectable()
export class BearerCaller {
  constructor(
    private readonly tokens: AccessTokenAuthenticator,
    private readonly context: RequestContext,
  ) {}

  async require(request: unknown): Promise<AuthenticatedActor> {
    const actor = await this.tokens.authenticate(request);
    if (!actor) throw new UnauthenticatedError('Send the mfaToken of your login, or a valid bearer access token.');
    this.context.setActor(actor);
    return actor;
  }
}
