import { Tx } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { LoginResult } from '../sessions/auth.service';
import { MfaChallenges } from './mfa-challenges';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes';
import { RecoveryCodesRepository } from './recovery-codes.repository';
import { MfaMethod, SecondFactorKind, SecondFactors } from './second-factors';

/** Recovery codes: issued with an enrolment (shown once), each works once in place of the factor. */
@Injectable()
export class RecoveryCodesFactor implements SecondFactorKind {
  constructor(
    private readonly codes: RecoveryCodesRepository,
    private readonly challenges: MfaChallenges,
    factors: SecondFactors,
  ) {
    factors.register(this);
  }

  async methodsOf(tx: Tx, userId: string): Promise<MfaMethod[]> {
    return (await this.codes.countUnused(tx, userId)) > 0 ? ['recovery_code'] : [];
  }

  removeAll(tx: Tx, userId: string): Promise<number> {
    return this.codes.deleteAll(tx, userId);
  }

  /** Ten new codes for the user, replacing any earlier ones; the plain codes exist only in this answer. */
  async issue(tx: Tx, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.codes.replace(tx, userId, codes.map(hashRecoveryCode));
    return codes;
  }

  /** The second step with a recovery code: 401 for a wrong or used one (counted like a wrong code). */
  async verifyAtLogin(mfaToken: string, recoveryCode: string): Promise<LoginResult> {
    const { login } = await this.challenges.attempt(
      mfaToken,
      'verify',
      'recovery_code',
      async ({ account }, manager) => {
        const result = await this.codes.spend(manager, account.user.id, hashRecoveryCode(recoveryCode));
        if (!result.spent)
          return { ok: false, reason: result.used ? 'used_recovery_code' : 'wrong_recovery_code' };
        return {
          ok: true,
          value: undefined,
          events: [
            {
              action: 'user.mfa_recovery_code_used',
              resourceType: 'user',
              resourceId: account.user.id,
              details: { remaining: result.remaining },
            },
          ],
        };
      },
    );
    return login;
  }
}
