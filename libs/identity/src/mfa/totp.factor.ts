import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import {
  ConflictError,
  Database,
  FieldCipher,
  NotFoundError,
  RequestContext,
  Tx,
  ValidationFailedError,
} from '@app/platform';
import type { AuthenticatedActor } from '../access/access.decorators';
import { NO_ROLE } from '../access/role';
import { User } from '../accounts/user';
import { UsersRepository } from '../accounts/users.repository';
import { LoginResult } from '../sessions/auth.service';
import { LoginThrottle } from '../throttling/login-throttle';
import { MfaChallenges } from './mfa-challenges';
import { RecoveryCodesFactor } from './recovery-codes.factor';
import { MfaMethod, SecondFactorKind, SecondFactors } from './second-factors';
import { matchTotp, newTotpSecret, totpUri } from './totp';
import { totpSecretBinding, TotpRepository } from './totp.repository';

/** What enrolment shows the user once: the secret (for typing) and the URI (for the QR code). */
export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
}

const WRONG_CODE = [
  {
    field: 'code',
    message: 'the code is not correct: check the time on your phone and type the newest code',
  },
];

/**
 * The authenticator app (TOTP, RFC 6238). Enrolment stores a pending secret, encrypted with
 * FieldCipher under ENCRYPTION_KEYS and bound to the user's row; the first correct code confirms it
 * and issues ten recovery codes. Every accepted code records its time step, so no code works twice.
 */
@Injectable()
export class TotpFactor implements SecondFactorKind {
  constructor(
    private readonly db: Database,
    private readonly totp: TotpRepository,
    private readonly users: UsersRepository,
    private readonly cipher: FieldCipher,
    private readonly challenges: MfaChallenges,
    private readonly recoveryCodes: RecoveryCodesFactor,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditRecorder,
    private readonly context: RequestContext,
    factors: SecondFactors,
  ) {
    factors.register(this);
  }

  async methodsOf(tx: Tx, userId: string): Promise<MfaMethod[]> {
    return (await this.totp.hasConfirmed(tx, userId)) ? ['totp'] : [];
  }

  removeAll(tx: Tx, userId: string): Promise<number> {
    return this.totp.delete(tx, userId);
  }

  /** Enrolment at login (the `mfaToken` of `mfaEnrollmentRequired`); no attempt is counted. */
  async enrollAtLogin(mfaToken: string): Promise<TotpEnrolment> {
    const { account } = await this.challenges.open(mfaToken, 'enroll');
    return this.startEnrolment(account.user, {
      actorId: account.user.id,
      actorRole: account.user.role ?? NO_ROLE,
    });
  }

  /** Voluntary enrolment by a logged-in user. */
  async enrollSelf(actor: AuthenticatedActor): Promise<TotpEnrolment> {
    const user = await this.users.findById(this.db, actor.id);
    if (!user) throw new NotFoundError('User');
    return this.startEnrolment(user, {});
  }

  /** Confirms enrolment at login: 401 for a wrong code (counted); the recovery codes and the login otherwise. */
  async confirmAtLogin(
    mfaToken: string,
    code: string,
  ): Promise<{ recoveryCodes: string[]; login: LoginResult }> {
    const { login, value } = await this.challenges.attempt(
      mfaToken,
      'enroll',
      'totp',
      async ({ account }, manager) => {
        const userId = account.user.id;
        const stored = await this.totp.find(manager, userId, true);
        if (!stored || stored.confirmed) return { ok: false, reason: 'no_pending_enrolment' };
        const step = matchTotp(this.open(stored.sealedSecret, userId), code, null);
        if (step === null) return { ok: false, reason: 'wrong_code' };
        await this.totp.markUsed(manager, userId, step);
        const recoveryCodes = await this.recoveryCodes.issue(manager, userId);
        return { ok: true, value: recoveryCodes, events: [this.enrolledEvent(userId, true)] };
      },
    );
    return { recoveryCodes: value, login };
  }

  /** Confirms a voluntary enrolment: 400 for a wrong code (throttled like a login code); the recovery codes otherwise. */
  async confirmSelf(actor: AuthenticatedActor, code: string): Promise<string[]> {
    const attempt = await this.throttle.admitSecondFactor(this.context.ip, actor.id);
    const codes = await this.db.transaction(async (tx) => {
      const stored = await this.totp.find(tx, actor.id, true);
      if (!stored || stored.confirmed)
        throw new ConflictError('There is no enrolment to confirm: start one first.');
      const step = matchTotp(this.open(stored.sealedSecret, actor.id), code, null);
      if (step === null) return null;
      await this.totp.markUsed(tx, actor.id, step);
      const recoveryCodes = await this.recoveryCodes.issue(tx, actor.id);
      await this.audit.record(tx, this.enrolledEvent(actor.id, false));
      return recoveryCodes;
    });
    if (!codes) throw new ValidationFailedError(WRONG_CODE);
    await attempt.succeeded();
    return codes;
  }

  /** The second step with a code from the app: 401 for a wrong code or one already used. */
  async verifyAtLogin(mfaToken: string, code: string): Promise<LoginResult> {
    const { login } = await this.challenges.attempt(
      mfaToken,
      'verify',
      'totp',
      async ({ account }, manager) => {
        const userId = account.user.id;
        const stored = await this.totp.find(manager, userId, true);
        if (!stored?.confirmed) return { ok: false, reason: 'no_factor' };
        const secret = this.open(stored.sealedSecret, userId);
        const step = matchTotp(secret, code, stored.lastUsedStep);
        if (step === null)
          return { ok: false, reason: matchTotp(secret, code, null) === null ? 'wrong_code' : 'reused_code' };
        await this.totp.markUsed(manager, userId, step);
        return { ok: true, value: undefined };
      },
    );
    return login;
  }

  private async startEnrolment(
    user: User,
    actor: { actorId?: string; actorRole?: string },
  ): Promise<TotpEnrolment> {
    const secret = newTotpSecret();
    await this.db.transaction(async (tx) => {
      const saved = await this.totp.savePending(
        tx,
        user.id,
        this.cipher.encrypt(secret, totpSecretBinding(user.id)),
      );
      if (!saved)
        throw new ConflictError(
          'An authenticator app is already set up for this account; an administrator can reset it.',
        );
      await this.audit.record(tx, {
        action: 'user.mfa_enrolment_started',
        resourceType: 'user',
        resourceId: user.id,
        details: { method: 'totp' },
        ...actor,
      });
    });
    return { secret, otpauthUrl: totpUri(secret, user.email) };
  }

  private open(sealedSecret: string, userId: string): string {
    return this.cipher.decrypt(sealedSecret, totpSecretBinding(userId));
  }

  private enrolledEvent(userId: string, atLogin: boolean) {
    return {
      action: 'user.mfa_enrolled',
      resourceType: 'user',
      resourceId: userId,
      details: { method: 'totp', atLogin },
    };
  }
}
