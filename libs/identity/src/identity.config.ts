import { IsOptional, IsString, Length, Matches, MinLength } from 'class-validator';
import { AppConfig, ConfigSchema, Environment, IntVariable, NumberVariable } from '@app/platform';

/** Identity's environment variables: tokens and sessions, throttling, passwords, second factors, passkeys, invitations, single sign-on (docs/accounts.md). */
export class IdentityEnvironment {
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET: string;

  @IntVariable(60, 3600)
  JWT_ACCESS_TTL_SECONDS = 900;

  @IsString()
  JWT_ISSUER = 'consult-intake';

  @IsString()
  JWT_AUDIENCE = 'consult-intake-api';

  @IntVariable(1, 90)
  REFRESH_TOKEN_TTL_DAYS = 14;

  /**
   * Seconds after a refresh in which the same client presenting the just-spent refresh token again
   * (two tabs refreshing at once) gets a new pair instead of having its login revoked. 0 disables.
   */
  @IntVariable(0, 60)
  REFRESH_REUSE_WINDOW_SECONDS = 10;

  /** A login not used for this many minutes ends; the web app warns and logs out after this long without use. */
  @NumberVariable(0.1, 24 * 60)
  SESSION_IDLE_MINUTES = 30;

  /** A login ends this many hours after it was opened, however much it is used. */
  @NumberVariable(0.001, 24 * 30)
  SESSION_MAX_HOURS = 12;

  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IntVariable(1)
  THROTTLE_LOGIN_FAILURES = 10;

  /** Failed logins per account from ALL sources in one window: a ceiling against guessing spread over many addresses. */
  @IntVariable(1)
  THROTTLE_LOGIN_ACCOUNT_FAILURES = 100;

  @IntVariable(1)
  THROTTLE_LOGIN_WINDOW_SECONDS = 900;

  /** Anonymous requests (no valid token; public routes other than login, refresh and health) per client IP per window. */
  @IntVariable(1)
  THROTTLE_ANONYMOUS_LIMIT = 300;

  @IntVariable(1, 3600)
  THROTTLE_ANONYMOUS_WINDOW_SECONDS = 60;

  @IntVariable(1)
  THROTTLE_IP_LIMIT = 100;

  @IntVariable(1)
  THROTTLE_IP_WINDOW_SECONDS = 60;

  /** How often the API writes the aggregated refusal events of minutes that have ended (access.unauthenticated, throttled logins). */
  @IntVariable(1, 60)
  AUDIT_REFUSALS_FLUSH_SECONDS = 10;

  /**
   * Roles that must use a second factor (docs/api.md "Second factor"), comma-separated; empty: none
   * (kept as empty, not replaced by the default). Such a user without one enrols at their next login.
   */
  @Matches(/^\s*((requester|investigator|supervisor|admin)\s*(,\s*(requester|investigator|supervisor|admin)\s*)*)?$/, {
    message: 'must be a comma-separated list of requester, investigator, supervisor, admin (or empty for none)',
  })
  MFA_REQUIRED_ROLES = 'investigator,supervisor,admin';

  /** argon2id memory in KiB. OWASP's minimum (19 MiB with t=2) is the floor; stronger is allowed. */
  @IntVariable(19456, 1048576)
  PASSWORD_HASH_MEMORY_KIB = 19456;

  @IntVariable(2, 20)
  PASSWORD_HASH_ITERATIONS = 2;

  /** Password hashes computed at once per process; more wait their turn (each holds ~memory KiB of RAM and a core). */
  @IntVariable(1, 64)
  PASSWORD_HASH_CONCURRENCY = 4;

  /** How long an invitation's link (set your own password) stays valid, in hours (docs/accounts.md). */
  @IntVariable(1, 720)
  INVITATION_TTL_HOURS = 72;

  /**
   * The WebAuthn relying party id passkeys are bound to: the web app's host name or a registrable
   * suffix of it (e.g. example.org for intake.example.org). Empty: the host of WEBAUTHN_ORIGIN.
   * Changing it later makes every registered passkey unusable.
   */
  @IsOptional()
  @Matches(/^(localhost|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/i, { message: 'must be a host name, e.g. intake.example.org' })
  WEBAUTHN_RP_ID?: string;

  /** The origin the browser signs in passkey ceremonies. Empty: WEB_BASE_URL, else the address the request was made to. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'must be an http(s) origin without a path, e.g. https://intake.example.org' })
  WEBAUTHN_ORIGIN?: string;

  /** The service's name an authenticator shows when a passkey is registered. */
  @IsString()
  @Length(1, 64)
  WEBAUTHN_RP_NAME = 'Konsultation';

  /**
   * The OpenID Provider's issuer (its discovery document is at ISSUER/.well-known/openid-configuration).
   * Single sign-on is on when this and OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URL are
   * all set (https:// in production); unset, it is off.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' })
  OIDC_ISSUER?: string;

  /** This service's client id at the provider. */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,255}$/, { message: 'must be 1-255 visible ASCII characters' })
  OIDC_CLIENT_ID?: string;

  /** This service's client secret at the provider (client_secret_basic). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  OIDC_CLIENT_SECRET?: string;

  /** Where the provider sends the browser back: this service's /api/v1/auth/oidc/callback, registered at the provider. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+\/api\/v1\/auth\/oidc\/callback$/, {
    message: 'must be the http(s) URL of this service\'s /api/v1/auth/oidc/callback',
  })
  OIDC_REDIRECT_URL?: string;

  /**
   * An `acr` the ID token must carry (e.g. the provider's value for two-factor sign-in). Set, it is
   * asked for and required, and such a sign-in counts as the second factor. Unset: any acr.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,255}$/, { message: 'must be 1-255 visible ASCII characters' })
  OIDC_REQUIRED_ACR?: string;

  /** The provider's name on the login page's button ("Log in with …"), e.g. the municipality's. Unset: a generic label. */
  @IsOptional()
  @Matches(/^[^<>\r\n]{1,60}$/, { message: 'must be 1-60 characters on one line' })
  OIDC_DISPLAY_NAME?: string;
}

export const identityConfig: ConfigSchema<IdentityEnvironment> = {
  variables: IdentityEnvironment,
  // Only for non-production: a well-known, useless-outside-a-laptop value.
  developmentSecrets: { JWT_SECRET: 'development-only-jwt-secret-change-me-0123456789' },
  emptyIsAValue: ['MFA_REQUIRED_ROLES'],
  problems(env, alreadyBad) {
    const problems: string[] = [];
    if (Boolean(env.BOOTSTRAP_ADMIN_EMAIL) !== Boolean(env.BOOTSTRAP_ADMIN_PASSWORD)) {
      problems.push('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together');
    }
    problems.push(...singleSignOnProblems(env));
    const passkeyOrigin = env.WEBAUTHN_ORIGIN ?? env.WEB_BASE_URL;
    if (env.WEBAUTHN_RP_ID && passkeyOrigin && !alreadyBad.some((v) => v.startsWith('WEB')) && !hostWithin(passkeyOrigin, env.WEBAUTHN_RP_ID)) {
      problems.push('WEBAUTHN_RP_ID must be the host of WEBAUTHN_ORIGIN (or WEB_BASE_URL) or a suffix of it');
    }
    return problems;
  },
};

/** Identity's variables with the platform's: what its services inject (provided by `configProvider`). */
export class IdentityConfig extends AppConfig<IdentityEnvironment> {}

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const;

/** Single sign-on is all or nothing, and over https in production. */
function singleSignOnProblems(env: Environment & IdentityEnvironment): string[] {
  const set = OIDC_REQUIRED.filter((name) => env[name]);
  if (set.length === 0) {
    const extras = (['OIDC_REQUIRED_ACR', 'OIDC_DISPLAY_NAME'] as const).filter((name) => env[name]);
    return extras.map((name) => `${name} needs single sign-on (${OIDC_REQUIRED.join(', ')})`);
  }
  if (set.length < OIDC_REQUIRED.length) return [`${OIDC_REQUIRED.join(', ')} must be set together`];
  const insecure = (['OIDC_ISSUER', 'OIDC_REDIRECT_URL'] as const).filter((name) => !env[name]?.startsWith('https://'));
  return env.NODE_ENV === 'production' ? insecure.map((name) => `${name} must be an https:// URL in production`) : [];
}

/** The origin's host is the relying party id or a subdomain of it (WebAuthn's rule for RP ids). */
function hostWithin(origin: string, rpId: string): boolean {
  const host = new URL(origin).hostname.toLowerCase();
  const id = rpId.toLowerCase();
  return host === id || host.endsWith(`.${id}`);
}
