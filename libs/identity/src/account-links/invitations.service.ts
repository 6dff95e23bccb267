import { Injectable } from '@nestjs/common';
import { AuditEventInput, AuditRecorder } from '@app/audit';
import { ConflictError, Database, NotFoundError, Tx } from '@app/platform';
import { UsersRepository } from '../accounts/users.repository';
import { User } from '../accounts/user';
import { AccountLinksRepository } from './account-links.repository';
import { AccountLinkRedemption } from './link-redemption';
import { LinkMailQueue } from './link-mail-queue';
import { LinkTokens } from './link-tokens';
import { IdentityConfig } from '../identity.config';
import { ownAccountEvent } from '../access/own-account-event';

/**
 * Invitations (docs/accounts.md): an account created without a password gets a one-time link by
 * email, valid INVITATION_TTL_HOURS, where the person sets their own password. Staff accounts are
 * always invited, so no admin ever knows a staff member's password.
 */
@Injectable()
export class InvitationsService {
  private readonly validMinutes: number;

  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly links: AccountLinksRepository,
    private readonly tokens: LinkTokens,
    private readonly mail: LinkMailQueue,
    private readonly redemption: AccountLinkRedemption,
    private readonly audit: AuditRecorder,
    config: IdentityConfig,
  ) {
    this.validMinutes = config.get('INVITATION_TTL_HOURS') * 60;
  }

  /**
   * A new invitation link for `userId` and its mail, in the caller's transaction; an earlier link
   * stops working. Answers the audit event (no token, no link id) for the caller to record last.
   */
  async invite(tx: Tx, userId: string, resent = false): Promise<AuditEventInput> {
    const { id, hash } = this.tokens.mint();
    const { expiresAt } = await this.links.issue(tx, {
      id,
      hash,
      userId,
      purpose: 'invitation',
      validMinutes: this.validMinutes,
    });
    const mailQueued = await this.mail.queue(tx, id);
    return {
      action: resent ? 'user.invitation_resent' : 'user.invitation_created',
      resourceType: 'user',
      resourceId: userId,
      details: { expiresAt: expiresAt.toISOString(), mailQueued },
    };
  }

  /** POST /users/:id/invitation (admin): a new link for an account still invited; the old one stops working. */
  async resend(id: string): Promise<User> {
    return this.db.transaction(async (tx) => {
      const user = await this.users.findById(tx, id, { lock: true });
      if (!user) throw new NotFoundError('User');
      if (user.status !== 'invited') {
        throw new ConflictError(
          user.status === 'active'
            ? 'This account has set its password already; it can use "Forgot password" on the login page.'
            : 'This account is deactivated; activate it first.',
        );
      }
      await this.audit.record(tx, await this.invite(tx, id, true));
      return user;
    });
  }

  /**
   * POST /auth/invitations/accept: the person behind an open invitation link sets their password
   * and the account becomes active. The link is spent; a second use, an expired or a replaced
   * link is LinkNotUsableError (410).
   */
  async accept(token: string, password: string): Promise<void> {
    await this.redemption.redeem(token, 'invitation', password, async (_tx, link) =>
      ownAccountEvent({ id: link.userId, role: link.role }, 'auth.invitation_accepted'),
    );
  }
}
