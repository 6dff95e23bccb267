import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { RequestContext, UnauthenticatedError } from '@app/platform';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthenticatedActor } from '../access/access.decorators';
import { NO_ROLE } from '../access/role';
import { UsersRepository } from '../accounts/users.repository';
import { User } from '../accounts/user';
import { PasswordHasher } from '../passwords/password-hasher';
import { RefusalTally } from '../refusals/refusal-tally';
import { LoginAttempt, LoginThrottle, LoginThrottledError } from '../throttling/login-throttle';
import { SessionMethod, SessionsRepository } from './sessions.repository';
import { TokenService } from './token.service';
import { IdentityConfig } from '../identity.config';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface LoginResult extends TokenPair {
  user: User;
}

/** An account whose password was just verified, with the token version its access tokens must carry. */
export interface VerifiedAccount {
  user: User;
  tokenVersion: number;
}

/** One message for every failed login, so it does not tell which emails have accounts. */
const LOGIN_FAILED = 'The email or password is incorrect.';
const REFRESH_FAILED = 'The refresh token is invalid, expired or revoked.';

/** Login, refresh-token rotation with reuse detection, logout. */
@Injectable()
export class AuthService {
  private readonly reuseWindowSeconds: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditRecorder,
    private readonly context: RequestContext,
    private readonly refusals: RefusalTally,
    config: IdentityConfig,
  ) {
    this.reuseWindowSeconds = config.get('REFRESH_REUSE_WINDOW_SECONDS');
  }

  /**
   * Checks credentials (passport-local's verify step). Unknown email, wrong password, an invited
   * account (no password yet) and a deactivated account fail alike and take about as long: an unknown email is checked against a dummy hash.
   * The attempt is counted by the throttle BEFORE the hash is checked (so parallel guesses cannot
   * outrun the limit) and given back when it succeeds. A throttled attempt checks nothing and is
   * audited in aggregate (one `auth.login_failed` with reason `throttled` per account, IP and minute).
   */
  async verifyCredentials(email: string, password: string): Promise<VerifiedAccount> {
    let attempt: LoginAttempt;
    try {
      attempt = await this.throttle.admitLogin(this.context.ip, email);
    } catch (error) {
      if (error instanceof LoginThrottledError) await this.countThrottled(email, error);
      throw error;
    }
    const candidate = await this.users.findLoginCandidate(email);
    const matches = await this.hasher.verifyOrDummy(candidate?.passwordHash, password);
    if (candidate && matches && candidate.active) {
      await attempt.succeeded();
      const { passwordHash: _hash, tokenVersion, ...user } = candidate;
      return { user, tokenVersion };
    }
    const reason = !candidate
      ? 'unknown_account'
      : !candidate.passwordHash
        ? 'invited_account'
        : !matches
          ? 'wrong_password'
          : 'inactive_account';
    // Neither the password nor the typed email is recorded: people sometimes type a password there.
    await this.audit.record(this.dataSource.manager, {
      action: 'auth.login_failed',
      resourceType: 'user',
      resourceId: candidate?.id ?? null,
      outcome: 'failure',
      actorId: candidate?.id ?? null,
      actorRole: candidate ? (candidate.role ?? NO_ROLE) : 'anonymous',
      details: { reason },
    });
    throw new UnauthenticatedError(LOGIN_FAILED);
  }

  /** Counts a throttled login into its tally; the account (if any) is named, the typed email never. */
  private async countThrottled(email: string, error: LoginThrottledError): Promise<void> {
    const account = error.scope === 'ip' ? null : await this.users.findLoginCandidate(email);
    await this.refusals.count({
      kind: {
        action: 'auth.login_failed',
        resourceType: 'user',
        resourceId: account?.id ?? null,
        outcome: 'failure',
        fixed: { reason: 'throttled', scope: error.scope },
      },
      ip: this.context.ip,
      reason: 'throttled',
    });
  }

  /**
   * Starts a login (a new refresh-token family) for a user whose credentials were verified, recording
   * how it was opened (`method`) and the calling client's IP and User-Agent (GET /auth/sessions).
   */
  async login({ user, tokenVersion }: VerifiedAccount, method: SessionMethod): Promise<LoginResult> {
    const refresh = this.tokens.newRefreshToken();
    const origin = { method, ip: this.context.ip, userAgent: this.context.userAgent };
    const sessionId = await this.dataSource.transaction(async (manager) => {
      const id = await this.sessions.start(user.id, refresh.hash, this.tokens.refreshTtlDays, manager, origin);
      await this.audit.record(manager, {
        action: 'auth.login',
        resourceType: 'session',
        resourceId: id,
        actorId: user.id,
        actorRole: user.role ?? NO_ROLE,
        details: { method },
      });
      return id;
    });
    return {
      accessToken: this.tokens.signAccess({ sub: user.id, sid: sessionId, role: user.role ?? NO_ROLE, org: user.organizationId, tv: tokenVersion }),
      refreshToken: refresh.token,
      expiresIn: this.tokens.accessTtlSeconds,
      user,
    };
  }

  /**
   * Spends a refresh token and issues its successor. A token that was already spent means two
   * parties hold the family (a stolen token, or the thief already used it): the whole family is
   * revoked, `auth.token_reuse` is audited, and the caller gets 401. One exception, for clients that
   * refresh twice at once (two tabs): the SAME client (IP and User-Agent) presenting a token it spent
   * less than REFRESH_REUSE_WINDOW_SECONDS ago gets a fresh pair in the same login (audited as
   * `auth.refresh` with `reuseWindow: true`). Any other client, or the same one later, is a reuse.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    await this.throttle.admitRefresh(this.context.ip);
    const presentedHash = this.tokens.hashRefresh(refreshToken);
    const client = createHash('sha256').update(`${this.context.ip ?? ''}|${this.context.userAgent ?? ''}`).digest();
    const next = this.tokens.newRefreshToken();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const presented = await this.sessions.findPresented(presentedHash, client, this.reuseWindowSeconds, manager);
      // An unknown token is not audited: it names nobody, and anonymous noise must not flood the chain.
      if (!presented) return null;
      const actor = { actorId: presented.userId, actorRole: presented.role };
      const withinReuseWindow = presented.spent && presented.spentJustNowBySameClient && this.reuseWindowSeconds > 0;
      if (presented.spent && !withinReuseWindow) {
        const revoked = await this.sessions.revoke(presented.sessionId, 'token_reuse', manager);
        await this.audit.record(manager, {
          action: 'auth.token_reuse',
          resourceType: 'session',
          resourceId: presented.sessionId,
          outcome: 'denied',
          details: { familyRevoked: revoked },
          ...actor,
        });
        return null;
      }
      if (!presented.sessionLive || presented.sessionExpired || !presented.active || presented.expired) {
        const reason = !presented.sessionLive
          ? 'session_revoked'
          : presented.sessionExpired
            ? 'session_expired'
            : !presented.active
              ? 'inactive_account'
              : 'token_expired';
        await this.audit.record(manager, {
          action: 'auth.refresh',
          resourceType: 'session',
          resourceId: presented.sessionId,
          outcome: 'denied',
          details: { reason },
          ...actor,
        });
        return null;
      }
      await this.sessions.rotate(presentedHash, next.hash, presented.sessionId, this.tokens.refreshTtlDays, client, manager);
      await this.audit.record(manager, {
        action: 'auth.refresh',
        resourceType: 'session',
        resourceId: presented.sessionId,
        ...(withinReuseWindow ? { details: { reuseWindow: true } } : {}),
        ...actor,
      });
      return presented;
    });
    if (!outcome) throw new UnauthenticatedError(REFRESH_FAILED);
    return {
      accessToken: this.tokens.signAccess({
        sub: outcome.userId,
        sid: outcome.sessionId,
        role: outcome.role,
        org: outcome.organizationId,
        tv: outcome.tokenVersion,
      }),
      refreshToken: next.token,
      expiresIn: this.tokens.accessTtlSeconds,
    };
  }

  /**
   * Ends the login the caller's access token belongs to (api.md: "whatever the body says"), so a
   * wrong or foreign refresh token in the body can no longer leave the login alive.
   */
  async logout(actor: AuthenticatedActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const revoked = await this.sessions.revokeOwn(actor.sessionId, actor.id, 'logout', manager);
      await this.audit.record(manager, {
        action: 'auth.logout',
        resourceType: 'session',
        resourceId: actor.sessionId,
        details: { revoked },
      });
    });
  }

  async me(actor: AuthenticatedActor): Promise<User> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new UnauthenticatedError();
    return user;
  }

}
