import { Injectable, Logger } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { NotFoundError, RequestContext } from '@app/platform';
import { createHash, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import { DataSource } from 'typeorm';
import { UsersRepository } from '../accounts/users.repository';
import { MfaChallenges } from '../mfa/mfa-challenges';
import { MfaMethod } from '../mfa/second-factors';
import { RefusalTally } from '../refusals/refusal-tally';
import { LoginResult } from '../sessions/auth.service';
import { LinkedAccountsRepository, SignOnCandidate } from './linked-accounts.repository';
import { OidcClient, OidcSettings, SignInChecks, VerifiedIdToken } from './oidc-client';
import { PendingLoginsRepository } from './pending-logins.repository';
import { accountActor, ownAccountEvent } from '../access/own-account-event';

/** How long a sign-in may stay at the provider before its callback is refused. */
export const PENDING_LOGIN_SECONDS = 600;

/**
 * `amr` values (RFC 8176) that mean the provider checked more than one factor: such a sign-in is
 * not asked for this service's second factor again.
 */
export const SECOND_FACTOR_AMR: readonly string[] = ['mfa', 'otp', 'hwk', 'pop'];

/** Why a callback was refused (`reason` in the audit trail; never a token or a code). */
export type SignOnRefusal =
  | 'state_mismatch'
  | 'state_unknown'
  | 'provider_error'
  | 'provider_unreachable'
  | 'issuer_mismatch'
  | 'id_token_invalid'
  | 'acr_missing'
  | 'unknown_person'
  | 'inactive_account'
  | 'invited_account'
  | 'already_linked';

/** The second step a sign-in continues with in the web app (its login page), as POST /auth/login would answer it. */
export type SecondStep = { kind: 'verify'; mfaToken: string; methods: MfaMethod[] } | { kind: 'enrol'; mfaToken: string };

export type SignOnOutcome =
  | { kind: 'signed_in'; login: LoginResult }
  /** The provider vouched for no second factor, and the account has one or its role needs one. */
  | { kind: 'second_factor'; step: SecondStep }
  /** No active account for this person: the web app tells them to ask their administrator. */
  | { kind: 'no_account' }
  /** The provider's sign-in was not strong enough (OIDC_REQUIRED_ACR). */
  | { kind: 'insufficient' }
  | { kind: 'failed' };

export const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Single sign-on with OpenID Connect (docs/api.md v1.1 "Single sign-on", docs/accounts.md): starts a
 * sign-in at the provider and finishes it on the callback. It links a provider's person to an
 * existing active account (by `sub`, or on first use by verified email) and never creates one.
 */
@Injectable()
export class SingleSignOnService {
  private readonly logger = new Logger(SingleSignOnService.name);

  constructor(
    private readonly client: OidcClient,
    private readonly pending: PendingLoginsRepository,
    private readonly accounts: LinkedAccountsRepository,
    private readonly users: UsersRepository,
    private readonly mfa: MfaChallenges,
    private readonly audit: AuditRecorder,
    private readonly refusals: RefusalTally,
    private readonly dataSource: DataSource,
    private readonly context: RequestContext,
  ) {}

  get settings(): OidcSettings | null {
    return this.client.settings;
  }

  /**
   * A new sign-in: its state (for the browser's cookie) and the provider's address to send it to;
   * null while the provider cannot be reached (its discovery document), which OidcClient logs.
   */
  async start(): Promise<{ state: string; url: URL } | null> {
    const settings = this.required();
    const checks: SignInChecks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    let url: URL;
    try {
      url = await this.client.authorizationUrl(settings, checks);
    } catch {
      return null;
    }
    await this.pending.put(sha256(checks.state), checks, PENDING_LOGIN_SECONDS);
    return { state: checks.state, url };
  }

  /**
   * The provider's answer: `query` is the callback's query string, `boundState` the state this
   * browser's cookie holds (a callback from another browser, or a forged one, does not match).
   */
  async finish(query: string, boundState: string | undefined): Promise<SignOnOutcome> {
    const settings = this.required();
    const state = new URLSearchParams(query).get('state') ?? '';
    if (!boundState || !sameText(state, boundState)) return this.refuseAnonymous('state_mismatch');
    const pending = await this.pending.take(sha256(state));
    if (!pending) return this.refuseAnonymous('state_unknown');
    const callback = new URL(settings.redirectUrl);
    callback.search = query;
    let token: VerifiedIdToken;
    try {
      token = await this.client.redeem(settings, callback, { state, ...pending });
    } catch (error) {
      return this.refuseAnonymous(...describeFailure(error));
    }
    return this.signOn(settings, token);
  }

  private async signOn(settings: OidcSettings, token: VerifiedIdToken): Promise<SignOnOutcome> {
    const found = await this.dataSource.transaction(async (manager) => {
      const linked = await this.accounts.findLinked(token.issuer, token.subject, manager);
      if (linked) return { account: linked, refusal: refusalOf(linked) };
      // First use: the account with the email the provider has verified, unless it is someone else's.
      if (!token.email || !token.emailVerified) return null;
      const account = await this.accounts.findByEmail(token.issuer, token.email, manager);
      if (!account) return null;
      const refusal = account.linkedSubject !== null ? 'already_linked' : refusalOf(account);
      if (refusal || (settings.requiredAcr && token.acr !== settings.requiredAcr)) return { account, refusal };
      if (!(await this.accounts.link(account.id, token.issuer, token.subject, manager))) {
        return { account, refusal: 'already_linked' as const };
      }
      await this.audit.record(manager, ownAccountEvent(account, 'auth.oidc_linked', { issuer: token.issuer }));
      return { account, refusal: null };
    });
    if (!found) return this.refuseAnonymous('unknown_person');
    const { account, refusal } = found;
    if (refusal) return this.refuseNamed(account, refusal);
    if (settings.requiredAcr && token.acr !== settings.requiredAcr) return this.refuseNamed(account, 'acr_missing');
    const user = await this.users.findById(account.id);
    if (!user) return this.refuseAnonymous('unknown_person');
    const step = await this.mfa.begin({ user, tokenVersion: account.tokenVersion }, 'oidc', {
      secondFactorDone: vouchesForSecondFactor(token, settings.requiredAcr),
    });
    if (step.step === 'login') return { kind: 'signed_in', login: step.login };
    return {
      kind: 'second_factor',
      step:
        step.step === 'mfa_required'
          ? { kind: 'verify', mfaToken: step.mfaToken, methods: step.methods }
          : { kind: 'enrol', mfaToken: step.mfaToken },
    };
  }

  private required(): OidcSettings {
    if (!this.settings) throw new NotFoundError('Single sign-on is not configured.');
    return this.settings;
  }

  /** A refusal that names no account: counted into the aggregated `auth.login_failed` of this IP and minute. */
  private async refuseAnonymous(reason: SignOnRefusal, check?: string): Promise<SignOnOutcome> {
    this.logger.log(`Single sign-on refused: ${reason}${check ? ` (${check})` : ''}`);
    await this.refusals.count({
      kind: {
        action: 'auth.login_failed',
        resourceType: 'user',
        resourceId: null,
        outcome: 'failure',
        fixed: { method: 'oidc', reason, ...(check ? { check } : {}) },
      },
      ip: this.context.ip,
      reason,
    });
    return reason === 'unknown_person' ? { kind: 'no_account' } : { kind: 'failed' };
  }

  /** A refusal of a known account: one `auth.login_failed` event, like a password login's. */
  private async refuseNamed(account: SignOnCandidate, reason: SignOnRefusal): Promise<SignOnOutcome> {
    await this.audit.record(this.dataSource.manager, {
      action: 'auth.login_failed',
      resourceType: 'user',
      resourceId: account.id,
      outcome: 'failure',
      ...accountActor(account),
      details: { method: 'oidc', reason },
    });
    return reason === 'acr_missing' ? { kind: 'insufficient' } : { kind: 'no_account' };
  }
}

/**
 * Whether the provider checked a second factor itself: an `amr` naming one (SECOND_FACTOR_AMR), or
 * the `acr` OIDC_REQUIRED_ACR demands (the municipality set it to its two-factor level).
 */
export function vouchesForSecondFactor(token: Pick<VerifiedIdToken, 'amr' | 'acr'>, requiredAcr: string | undefined): boolean {
  return token.amr.some((method) => SECOND_FACTOR_AMR.includes(method)) || (requiredAcr !== undefined && token.acr === requiredAcr);
}

function refusalOf(account: SignOnCandidate): SignOnRefusal | null {
  return !account.active ? 'inactive_account' : account.invited ? 'invited_account' : null;
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Which check failed, from openid-client's error: the provider's OAuth error code, the ID token's
 * claim (`aud`, `iss`, `exp`, `nonce`, ...), `signature`, or the library's code (a constant such as
 * OAUTH_INVALID_RESPONSE). Never a value from the token or the response.
 */
function describeFailure(error: unknown): [SignOnRefusal, string | undefined] {
  const safe = (value: unknown) => (typeof value === 'string' && /^[A-Za-z_]{1,64}$/.test(value) ? value : undefined);
  if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError) {
    return ['provider_error', safe(error.error)];
  }
  // openid-client's error wraps oauth4webapi's, whose `cause` says what it compared; a failed or
  // timed-out request to the provider is a TypeError from fetch or an AbortError somewhere in the chain.
  for (let at: unknown = error, depth = 0; at instanceof Error && depth < 4; at = at.cause, depth++) {
    if ((at instanceof TypeError && at.message === 'fetch failed') || ['AbortError', 'TimeoutError'].includes(at.name)) {
      return ['provider_unreachable', undefined];
    }
    const cause = at.cause;
    if (!cause || typeof cause !== 'object' || cause instanceof Error) continue;
    if ('claim' in cause && safe(cause.claim)) return ['id_token_invalid', cause.claim as string];
    if ('signature' in cause) return ['id_token_invalid', 'signature'];
    if ('parameters' in cause && /"iss"/.test(at.message)) return ['issuer_mismatch', 'iss'];
  }
  return ['id_token_invalid', safe((error as { code?: unknown }).code)];
}
