import { Injectable } from '@nestjs/common';
import { AuditEventInput, AuditRecorder } from '@app/audit';
import { Database, Tx } from '@app/platform';
import { UsersRepository } from '../accounts/users.repository';
import { PasswordHasher } from '../passwords/password-hasher';
import { AccountLinksRepository, LinkPurpose, OpenLink } from './account-links.repository';
import { LinkNotUsableError } from './link-errors';
import { LinkTokens } from './link-tokens';

/**
 * Setting a password through an open one-time link (an invitation or a password reset): the link
 * is found by its token's hash, the password set, the link spent and the purpose's audit event
 * recorded, all in one transaction. A spent, expired or replaced link is LinkNotUsableError (410).
 */
@Injectable()
export class AccountLinkRedemption {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly links: AccountLinksRepository,
    private readonly tokens: LinkTokens,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRecorder,
  ) {}

  /**
   * `afterSpend` does what the purpose adds in the same transaction and answers its audit event.
   */
  async redeem(
    token: string,
    purpose: LinkPurpose,
    password: string,
    afterSpend: (tx: Tx, link: OpenLink) => Promise<AuditEventInput>,
  ): Promise<void> {
    const hash = this.tokens.hash(token);
    // A cheap look first: a dead link costs no argon2 hash (~30 ms of CPU).
    if (!(await this.links.findOpen(this.db, hash, purpose))) throw new LinkNotUsableError();
    const passwordHash = await this.hasher.hash(password);
    await this.db.transaction(async (tx) => {
      const link = await this.links.findOpen(tx, hash, purpose);
      if (!link) throw new LinkNotUsableError();
      await this.users.setPassword(tx, link.userId, passwordHash);
      await this.links.spend(tx, link.id);
      await this.audit.record(tx, await afterSpend(tx, link));
    });
  }
}
