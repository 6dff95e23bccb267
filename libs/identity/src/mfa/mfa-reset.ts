import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { Database, NotFoundError } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { StaffAlerts } from '../accounts/staff-alerts';
import { UsersRepository } from '../accounts/users.repository';
import { SessionsRepository } from '../sessions/sessions.repository';
import { MfaChallengesRepository } from './mfa-challenges.repository';
import { SecondFactors } from './second-factors';

/**
 * An admin's reset of a user's second factors (POST /users/:id/mfa/reset), for a lost phone: every
 * factor of every kind goes (app, recovery codes, passkeys), every login of the user and every open
 * second step ends, every active supervisor is notified (`account.mfa_reset`), and `user.mfa_reset`
 * is audited, all in one transaction. A user whose role requires a factor enrols again at their next login.
 */
@Injectable()
export class MfaReset {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly factors: SecondFactors,
    private readonly challenges: MfaChallengesRepository,
    private readonly sessions: SessionsRepository,
    private readonly staffAlerts: StaffAlerts,
    private readonly audit: AuditRecorder,
  ) {}

  async reset(userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.users.findById(tx, userId))) throw new NotFoundError('User');
      const factorsRemoved = await this.factors.removeAll(tx, userId);
      const challengesEnded = await this.challenges.deleteAllOfUser(tx, userId);
      const sessionsRevoked = await this.sessions.revokeAllOfUser(tx, userId, 'mfa_reset');
      const supervisorsNotified = await this.staffAlerts.notifySupervisors(
        tx,
        'account.mfa_reset',
        userId,
        randomUUID(),
      );
      await this.audit.record(tx, {
        action: 'user.mfa_reset',
        resourceType: 'user',
        resourceId: userId,
        details: { factorsRemoved, challengesEnded, sessionsRevoked, supervisorsNotified },
      });
    });
  }
}
