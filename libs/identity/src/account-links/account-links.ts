import { Injectable } from '@nestjs/common';
import { AccountLinksRepository, LinkPurpose } from './account-links.repository';
import { LinkTokens } from './link-tokens';

/** What the mail of a link needs: whom it is for, what it is for, its token and how long it lasts. */
export interface LinkForMail {
  id: string;
  purpose: LinkPurpose;
  userId: string;
  /** Only ever put into the mail's link (a URL fragment): never logged, stored or audited. */
  token: string;
  /** From its creation to its expiry. */
  validMinutes: number;
}

/** The links of invitations and resets as the mail path sees them (libs/mail). */
@Injectable()
export class AccountLinks {
  constructor(
    private readonly links: AccountLinksRepository,
    private readonly tokens: LinkTokens,
  ) {}

  /** The link while it is still open (unused, not replaced, not expired, its account fitting); else null. */
  async forMail(id: string): Promise<LinkForMail | null> {
    const link = await this.links.findMailable(id);
    if (!link) return null;
    return {
      id: link.id,
      purpose: link.purpose,
      userId: link.userId,
      token: this.tokens.tokenOf(link.id),
      validMinutes: Math.round((link.expiresAt.getTime() - link.createdAt.getTime()) / 60_000),
    };
  }
}
