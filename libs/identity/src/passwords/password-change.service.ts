import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import {
  ConflictError,
  Database,
  RequestContext,
  UnauthenticatedError,
  ValidationFailedError,
} from '@app/platform';
import type { AuthenticatedActor } from '../access/access.decorators';
import { UsersRepository } from '../accounts/users.repository';
import { RefusalTally } from '../refusals/refusal-tally';
import { SessionsRepository } from '../sessions/sessions.repository';
import { LoginAttempt, LoginThrottle, LoginThrottledError } from '../throttling/login-throttle';
import { PasswordHasher } from './password-hasher';

export const WRONG_CURRENT_PASSWORD = 'The current password is incorrect.';
export const NO_PASSWORD = 'This account has no password to change.';
export const SAME_PASSWORD = 'The new password must differ from the current password.';

/**
 * A user changes their own password (POST /auth/password). The current password is checked like a
 * login: the attempt counts against the same per-account limits first (LoginThrottle, keyed by the
 * account's email, so a stolen access token cannot guess faster than the login form allows), a
 * wrong one is audited (`auth.password_change`, outcome `failure`), throttled ones in aggregate.
 * On success every other login of the user ends at once; the caller's own goes on.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly refusals: RefusalTally,
    private readonly audit: AuditRecorder,
    private readonly context: RequestContext,
  ) {}

  async change(actor: AuthenticatedActor, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.users.findCredentials(actor.id);
    if (!account) throw new UnauthenticatedError();
    if (account.passwordHash === null) throw new ConflictError(NO_PASSWORD);
    let attempt: LoginAttempt;
    try {
      attempt = await this.throttle.admitLogin(this.context.ip, account.email);
    } catch (error) {
      if (error instanceof LoginThrottledError) {
        await this.refusals.count({
          kind: {
            action: 'auth.password_change',
            resourceType: 'user',
            resourceId: actor.id,
            outcome: 'failure',
            fixed: { reason: 'throttled', scope: error.scope },
          },
          ip: this.context.ip,
          reason: 'throttled',
        });
      }
      throw error;
    }
    if (!(await this.hasher.verifyOrDummy(account.passwordHash, currentPassword))) {
      await this.audit.record(this.db, {
        action: 'auth.password_change',
        resourceType: 'user',
        resourceId: actor.id,
        outcome: 'failure',
        details: { reason: 'wrong_password' },
      });
      throw new ValidationFailedError(
        [{ field: 'currentPassword', message: WRONG_CURRENT_PASSWORD }],
        WRONG_CURRENT_PASSWORD,
      );
    }
    await attempt.succeeded();
    if (newPassword === currentPassword) {
      throw new ValidationFailedError([{ field: 'newPassword', message: SAME_PASSWORD }], SAME_PASSWORD);
    }
    const hash = await this.hasher.hash(newPassword);
    await this.db.transaction(async (tx) => {
      await this.users.setPasswordHash(tx, actor.id, hash);
      const sessionsEnded = await this.sessions.revokeOthersOfUser(
        tx,
        actor.id,
        actor.sessionId,
        'password_changed',
      );
      await this.audit.record(tx, {
        action: 'auth.password_change',
        resourceType: 'user',
        resourceId: actor.id,
        details: { sessionsEnded },
      });
    });
  }
}
