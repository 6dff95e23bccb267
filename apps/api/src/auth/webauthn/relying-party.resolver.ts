import { Injectable } from '@nestjs/common';
import type { RelyingParty } from '@app/identity';
import type { FastifyRequest } from 'fastify';
import { IdentityConfig } from '@app/identity';

/**
 * The relying party of a passkey ceremony (docs/accounts.md "Passkeys"): the origin is
 * WEBAUTHN_ORIGIN, else WEB_BASE_URL, else the address the request was made to (development); the
 * RP id is WEBAUTHN_RP_ID, else that origin's host.
 */
@Injectable()
export class RelyingPartyResolver {
  constructor(private readonly config: IdentityConfig) {}

  of(request: FastifyRequest): RelyingParty {
    const origin =
      this.config.get('WEBAUTHN_ORIGIN') ?? this.config.get('WEB_BASE_URL') ?? `${request.protocol}://${request.host}`;
    return {
      origin,
      id: this.config.get('WEBAUTHN_RP_ID') ?? new URL(origin).hostname,
      name: this.config.get('WEBAUTHN_RP_NAME'),
    };
  }
}
