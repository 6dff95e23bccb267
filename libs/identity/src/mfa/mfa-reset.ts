import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { NotFoundError } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
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
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly factors: SecondFactors,
    private readonly challenges: MfaChallengesRepository,
    private readonly sessions: SessionsRepository,
    private readonly staffAlerts: StaffAlerts,
    private readonly audit: AuditRecorder,
  ) {}

  async reset(userId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.users.findById(userId, manager))) throw new NotFoundError('User');
      const factorsRemoved = await this.factors.removeAll(userId, manager);
      const challengesEnded = await this.challenges.deleteAllOfUser(userId, manager);
      const sessionsRevoked = await this.sessions.revokeAllOfUser(userId, 'mfa_reset', manager);
      const supervisorsNotified = await this.staffAlerts.notifySupervisors(manager, 'account.mfa_reset', userId, randomUUID());
      await this.audit.record(manager, {
        action: 'user.mfa_reset',
        resourceType: 'user',
        resourceId: userId,
        details: { factorsRemoved, challengesEnded, sessionsRevoked, supervisorsNotified },
      });
    });
  }
}
