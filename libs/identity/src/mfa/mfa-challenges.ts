import { Injectable } from '@nestjs/common';
import { AuditEventInput, AuditRecorder } from '@app/audit';
import { RequestContext, UnauthenticatedError } from '@app/platform';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { NO_ROLE, Role } from '../access/role';
import { RefusalTally } from '../refusals/refusal-tally';
import { AuthService, LoginResult, VerifiedAccount } from '../sessions/auth.service';
import { LoginThrottle, LoginThrottledError } from '../throttling/login-throttle';
import { SESSION_METHODS, SessionMethod } from '../sessions/sessions.repository';
import { ChallengeRow, MfaChallengesRepository, MfaPurpose } from './mfa-challenges.repository';
import { MfaMethod, SecondFactors } from './second-factors';
import { IdentityConfig } from '../identity.config';
import { ownAccountEvent } from '../access/own-account-event';

export type { MfaPurpose } from './mfa-challenges.repository';

/** An `mfaToken` lives this long (api.md "Second factor"). */
export const MFA_TOKEN_TTL_SECONDS = 300;
/** ...and dies after this many wrong answers. */
export const MFA_MAX_FAILURES = 5;

/** How the person proved who they are before the second step: `password`, or `oidc` (single sign-on). */
export type FirstFactor = 'password' | 'oidc';

/** What a first factor leads to: a login, or a second step with its `mfaToken`. */
export type LoginStep =
  | { step: 'login'; login: LoginResult }
  | { step: 'mfa_required'; mfaToken: string; methods: MfaMethod[] }
  | { step: 'mfa_enrollment_required'; mfaToken: string };

/** A live challenge, as a factor's check sees it. */
export interface OpenChallenge {
  id: string;
  purpose: MfaPurpose;
  firstFactor: string;
  account: VerifiedAccount;
}

/**
 * A factor's verdict on one answer: its value (and audit events of its own writes, recorded with
 * the login's), or why it is wrong (audited, e.g. `wrong_code`, `reused_code`).
 */
export type FactorCheck<T> = { ok: true; value: T; events?: AuditEventInput[] } | { ok: false; reason: string };

const STEP_GONE = 'This sign-in step has expired or was already used: log in again.';
const WRONG_ANSWER = 'The code is not correct, or was already used.';

const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * The second step of a login (docs/accounts.md "Second factor"), shared by every factor: the
 * authenticator app, recovery codes, passkeys, and single sign-on's first factor.
 * - `begin` takes an account whose first factor passed and answers a login, or an `mfaToken`
 *   (256 random bits; only its SHA-256 is stored, bound to the user and their token version) for
 *   the factor the user has, or for enrolling one when their role requires it (MFA_REQUIRED_ROLES).
 * - `open` finds a live challenge without counting an attempt (enrolment, passkey options).
 * - `attempt` runs one answer through a factor's check under the throttle and a row lock: a right
 *   answer consumes the challenge and starts the login; a wrong one counts, and the fifth kills it.
 * Both outcomes are audited (`auth.mfa_verified`, `auth.mfa_failed`); a throttled attempt or one on
 * a dead challenge checks nothing and is counted into the aggregated `auth.mfa_failed` tally.
 */
@Injectable()
export class MfaChallenges {
  private readonly requiredRoles: ReadonlySet<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly challenges: MfaChallengesRepository,
    private readonly factors: SecondFactors,
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditRecorder,
    private readonly refusals: RefusalTally,
    private readonly context: RequestContext,
    config: IdentityConfig,
  ) {
    this.requiredRoles = new Set(
      config
        .get('MFA_REQUIRED_ROLES')
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean),
    );
  }

  /** Whether the role must use a second factor (null: no role, nothing to protect). */
  requiredFor(role: Role | string | null): boolean {
    return role !== null && this.requiredRoles.has(role);
  }

  /**
   * After the first factor: a login when the user has no factor and needs none, or when
   * `secondFactorDone` (a provider that vouched for one); otherwise a challenge.
   */
  async begin(account: VerifiedAccount, firstFactor: FirstFactor, options: { secondFactorDone?: boolean } = {}): Promise<LoginStep> {
    if (options.secondFactorDone) return { step: 'login', login: await this.auth.login(account, firstFactor) };
    const { user } = account;
    const token = randomBytes(32).toString('base64url');
    const issued = await this.dataSource.transaction(async (manager) => {
      const methods = await this.factors.methodsOf(user.id, manager);
      const hasFactor = methods.some((method) => method !== 'recovery_code');
      // An account whose staff role waits for approval enrols now, as its role will require.
      if (!hasFactor && !this.requiredFor(user.role ?? user.pendingRole)) return null;
      const purpose: MfaPurpose = hasFactor ? 'verify' : 'enroll';
      const id = await this.challenges.insert(
        { userId: user.id, tokenHash: hashToken(token), purpose, firstFactor, tokenVersion: account.tokenVersion, ttlSeconds: MFA_TOKEN_TTL_SECONDS },
        manager,
      );
      await this.audit.record(manager, ownAccountEvent(user, 'auth.mfa_challenge', { challengeId: id, purpose, firstFactor, methods }));
      return { purpose, methods };
    });
    if (!issued) return { step: 'login', login: await this.auth.login(account, firstFactor) };
    return issued.purpose === 'verify'
      ? { step: 'mfa_required', mfaToken: token, methods: issued.methods }
      : { step: 'mfa_enrollment_required', mfaToken: token };
  }

  /** The live challenge of `mfaToken` for `purpose`, without counting an attempt; 401 otherwise. */
  async open(mfaToken: string, purpose: MfaPurpose): Promise<OpenChallenge> {
    const row = await this.challenges.find(hashToken(mfaToken), MFA_MAX_FAILURES, this.dataSource.manager);
    if (!row || row.deadReason || row.purpose !== purpose) {
      if (row) await this.countRefused(row, row.deadReason ?? 'wrong_purpose');
      throw new UnauthenticatedError(STEP_GONE);
    }
    return openChallenge(row);
  }

  /**
   * One answer to the challenge of `mfaToken`, checked by `check` inside the transaction that holds
   * the challenge's row lock (so its own writes, e.g. spending a recovery code, commit with the
   * outcome). A right answer ends the challenge and starts the login (method `<first>+<method>`).
   */
  async attempt<T>(
    mfaToken: string,
    purpose: MfaPurpose,
    method: MfaMethod,
    check: (challenge: OpenChallenge, manager: EntityManager) => Promise<FactorCheck<T>>,
  ): Promise<{ login: LoginResult; value: T }> {
    const tokenHash = hashToken(mfaToken);
    const first = await this.open(mfaToken, purpose);
    const user = first.account.user;
    let admitted;
    try {
      admitted = await this.throttle.admitSecondFactor(this.context.ip, user.id);
    } catch (error) {
      if (error instanceof LoginThrottledError)
        await this.refusals.count({
          kind: { ...this.failureKind(user.id), fixed: { reason: 'throttled', scope: error.scope, method } },
          ip: this.context.ip,
          reason: 'throttled',
        });
      throw error;
    }
    const outcome = await this.dataSource.transaction(async (manager) => {
      const row = await this.challenges.find(tokenHash, MFA_MAX_FAILURES, manager, true);
      if (!row || row.deadReason || row.purpose !== purpose) return { ok: false as const, gone: true };
      const challenge = openChallenge(row);
      const actor = { actorId: user.id, actorRole: row.user.role ?? NO_ROLE };
      const verdict = await check(challenge, manager);
      if (!verdict.ok) {
        const failures = await this.challenges.recordFailure(row.id, manager);
        await this.audit.record(manager, {
          action: 'auth.mfa_failed',
          resourceType: 'user',
          resourceId: user.id,
          outcome: 'failure',
          details: { challengeId: row.id, method, reason: verdict.reason, attemptsLeft: Math.max(0, MFA_MAX_FAILURES - failures) },
          ...actor,
        });
        return { ok: false as const, gone: false };
      }
      await this.challenges.consume(row.id, manager);
      await this.audit.recordMany(manager, [
        ...(verdict.events ?? []).map((event) => ({ ...actor, ...event })),
        {
          action: 'auth.mfa_verified',
          resourceType: 'user',
          resourceId: user.id,
          details: { challengeId: row.id, method: sessionMethod(row.firstFactor, method), purpose },
          ...actor,
        },
      ]);
      return { ok: true as const, value: verdict.value, account: challenge.account, method: sessionMethod(row.firstFactor, method) };
    });
    if (!outcome.ok) throw new UnauthenticatedError(outcome.gone ? STEP_GONE : WRONG_ANSWER);
    await admitted.succeeded();
    return { login: await this.auth.login(outcome.account, outcome.method), value: outcome.value };
  }

  private failureKind(userId: string) {
    return { action: 'auth.mfa_failed' as const, resourceType: 'user', resourceId: userId, outcome: 'failure' as const };
  }

  /** A used, expired or dead challenge presented again: counted into the aggregated tally, never a row per request. */
  private async countRefused(row: ChallengeRow, reason: string): Promise<void> {
    await this.refusals.count({ kind: { ...this.failureKind(row.userId), fixed: { reason } }, ip: this.context.ip, reason });
  }
}

/** How the login opened (auth_sessions.method): the first factor and the second, e.g. `password+totp`. */
function sessionMethod(firstFactor: string, method: MfaMethod): SessionMethod {
  const combined = `${firstFactor}+${method}`;
  if (!(SESSION_METHODS as readonly string[]).includes(combined))
    throw new Error(`A login opened by ${combined} has no session method: add it to SESSION_METHODS and the auth_sessions.method check.`);
  return combined as SessionMethod;
}

function openChallenge(row: ChallengeRow): OpenChallenge {
  const { tokenVersion, ...user } = row.user;
  return { id: row.id, purpose: row.purpose, firstFactor: row.firstFactor, account: { user, tokenVersion } };
}
