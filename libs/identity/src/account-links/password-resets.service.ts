import { Database } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { UsersRepository } from '../accounts/users.repository';
import { SessionsRepository } from '../sessions/sessions.repository';
import { AccountLinksRepository } from './account-links.repository';
import { AccountLinkRedemption } from './link-redemption';
import { LinkMailQueue } from './link-mail-queue';
import { LinkTokens } from './link-tokens';
import { ResetMailLimit } from './reset-mail-limit';
import { ownAccountEvent } from '../access/own-account-event';

/** How long a reset link is valid (api.md: 30 minutes). */
export const RESET_LINK_MINUTES = 30;

/**
 * Every reset request is answered no sooner than this after it arrived. Issuing a link (three
 * inserts and the audit event's chain lock) takes a known account some 15 to 50 ms longer than a
 * lookup that finds nobody (measured: medians 40 and 23 ms, 90th percentiles 88 and 45 ms, on the
 * 2-core CI machine under load); answering both at the same floor hides that difference unless the
 * database is so slow that the work itself outlasts the floor.
 */
export const RESET_ANSWER_FLOOR_MS = 300;

/**
 * Password resets by email (docs/accounts.md), without telling anyone which addresses have accounts:
 * every request is answered alike (202) after the same steps, and only an active account with a
 * password gets a one-time link, valid 30 minutes. Completing it sets the password and ends every
 * login of the account.
 */
@Injectable()
export class PasswordResetsService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly links: AccountLinksRepository,
    private readonly tokens: LinkTokens,
    private readonly mail: LinkMailQueue,
    private readonly limit: ResetMailLimit,
    private readonly redemption: AccountLinkRedemption,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditRecorder,
  ) {}

  /**
   * POST /auth/password-reset. The same steps whatever the address: count it against its mail cap,
   * mint a token, look the account up in a transaction; only a known active account (within the
   * cap) then gets its link, mail and audit event. Nothing is written for an unknown address. The
   * answer comes no sooner than RESET_ANSWER_FLOOR_MS after the request, known account or not.
   */
  async request(email: string): Promise<void> {
    const answerAt = Date.now() + RESET_ANSWER_FLOOR_MS;
    await this.issueIfKnown(email);
    const wait = answerAt - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private async issueIfKnown(email: string): Promise<void> {
    const withinCap = await this.limit.admit(email);
    const { id, hash } = this.tokens.mint();
    await this.db.transaction(async (tx) => {
      const account = await this.users.findLoginCandidate(tx, email);
      if (!account || account.status !== 'active' || !withinCap) return;
      const { expiresAt } = await this.links.issue(tx, {
        id,
        hash,
        userId: account.id,
        purpose: 'password_reset',
        validMinutes: RESET_LINK_MINUTES,
      });
      const mailQueued = await this.mail.queue(tx, id);
      await this.audit.record(tx, {
        action: 'auth.password_reset_requested',
        resourceType: 'user',
        resourceId: account.id,
        actorId: null,
        actorRole: 'anonymous',
        details: { expiresAt: expiresAt.toISOString(), mailQueued },
      });
    });
  }

  /**
   * POST /auth/password-reset/complete: sets the new password through an open reset link, spends
   * the link and ends every login of the account (its access tokens stop at once, its refresh
   * tokens no longer refresh).
   */
  async complete(token: string, newPassword: string): Promise<void> {
    await this.redemption.redeem(token, 'password_reset', newPassword, async (tx, link) => {
      const sessionsRevoked = await this.sessions.revokeAllOfUser(tx, link.userId, 'password_reset');
      return ownAccountEvent({ id: link.userId, role: link.role }, 'auth.password_reset_completed', {
        sessionsRevoked,
      });
    });
  }
}
