import { Injectable, Logger } from '@nestjs/common';
// openid-client 6 (the maintained line; 5 gets no new work) is ESM-only. The built apps run on
// Node >= 20.19, whose require() loads ES modules, so the CommonJS build imports it as usual; Jest's
// own module loader cannot, so jest.config.js compiles it and its two ESM dependencies (oauth4webapi,
// jose) like content-disposition (docs/stack.md).
import * as oidc from 'openid-client';
import { IdentityConfig } from '../identity.config';

/** Single sign-on's settings; null when it is off (docs/accounts.md "Single sign-on"). */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUrl: URL;
  requiredAcr: string | undefined;
  displayName: string | undefined;
}

export function oidcSettings(config: IdentityConfig): OidcSettings | null {
  const issuer = config.get('OIDC_ISSUER');
  const clientId = config.get('OIDC_CLIENT_ID');
  const clientSecret = config.get('OIDC_CLIENT_SECRET');
  const redirectUrl = config.get('OIDC_REDIRECT_URL');
  // The environment's validation refuses a partial configuration: all four or none.
  if (!issuer || !clientId || !clientSecret || !redirectUrl) return null;
  return {
    issuer: new URL(issuer),
    clientId,
    clientSecret,
    redirectUrl: new URL(redirectUrl),
    requiredAcr: config.get('OIDC_REQUIRED_ACR'),
    displayName: config.get('OIDC_DISPLAY_NAME'),
  };
}

/** The checks a callback must pass, kept from the start of its sign-in. */
export interface SignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The ID token's claims this service reads, after openid-client has checked the token. */
export interface VerifiedIdToken {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  acr: string | undefined;
  amr: string[];
}

/** Seconds the provider may take to answer discovery or the token request. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * This service as an OpenID Connect client (openid-client): the provider's metadata is discovered on
 * first use and kept (a failed discovery is tried again next time, so the API starts while the
 * provider is down). ID tokens are checked for signature (enableNonRepudiationChecks: also from the
 * token endpoint), issuer, audience, expiry and nonce; the authorization response for state and, where
 * the provider announces it (RFC 9207), its issuer.
 */
@Injectable()
export class OidcClient {
  private readonly logger = new Logger(OidcClient.name);
  readonly settings: OidcSettings | null;
  private configuration?: Promise<oidc.Configuration>;

  constructor(config: IdentityConfig) {
    this.settings = oidcSettings(config);
  }

  /** Where to send the browser: authorization code flow with PKCE S256, state and nonce. */
  async authorizationUrl(settings: OidcSettings, checks: SignInChecks): Promise<URL> {
    const configuration = await this.configured(settings);
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUrl.href,
      response_type: 'code',
      scope: 'openid email',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      ...(settings.requiredAcr ? { acr_values: settings.requiredAcr } : {}),
    });
  }

  /** Redeems the callback's code and returns the checked ID token's claims; throws when any check fails. */
  async redeem(settings: OidcSettings, callback: URL, checks: SignInChecks): Promise<VerifiedIdToken> {
    const configuration = await this.configured(settings);
    const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('The token response has no ID token.');
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : undefined,
      emailVerified: claims.email_verified === true,
      acr: typeof claims.acr === 'string' ? claims.acr : undefined,
      amr: Array.isArray(claims.amr) ? claims.amr.filter((m): m is string => typeof m === 'string') : [],
    };
  }

  private configured(settings: OidcSettings): Promise<oidc.Configuration> {
    this.configuration ??= this.discover(settings).catch((error: unknown) => {
      this.configuration = undefined;
      this.logger.warn(`OpenID Provider discovery failed: ${(error as Error).message}`);
      throw error;
    });
    return this.configuration;
  }

  private async discover(settings: OidcSettings): Promise<oidc.Configuration> {
    const configuration = await oidc.discovery(
      settings.issuer,
      settings.clientId,
      { client_secret: settings.clientSecret },
      oidc.ClientSecretBasic(settings.clientSecret),
      {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // http:// only where the environment allows it: outside production (a local test provider).
        execute: settings.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      },
    );
    oidc.enableNonRepudiationChecks(configuration);
    return configuration;
  }
}
