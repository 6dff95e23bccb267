import { Tx, Database } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { Role } from '../access/role';

export const LINK_PURPOSES = ['invitation', 'password_reset'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** An open link as found by its token's hash, with what its use needs of the account. */
export interface OpenLink {
  id: string;
  userId: string;
  /** Null: the account has no role yet (its staff-role grant is pending). */
  role: Role | null;
}

/** A link as the worker's mail needs it: its purpose, its recipient and how long it is valid. */
export interface MailableLink {
  id: string;
  purpose: LinkPurpose;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * account_links: one-time links, stored by the SHA-256 of their token (LinkTokens). Open means not
 * used, not revoked, not expired, and its account still fits the purpose: an invitation's account
 * is active and has no password yet; a reset's is active and has one.
 */
const OPEN = `l.used_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > now() AND u.active
  AND (CASE l.purpose WHEN 'invitation' THEN u.password_hash IS NULL ELSE u.password_hash IS NOT NULL END)`;

@Injectable()
export class AccountLinksRepository {
  constructor(private readonly db: Database) {}

  /**
   * A new link for `userId` in the caller's transaction; every other open link of the same purpose
   * of that account is revoked (only the newest mail works). The account's row is locked first, so
   * two requests at once cannot both leave a link open. Answers its expiry.
   */
  async issue(
    tx: Tx,
    link: { id: string; hash: Buffer; userId: string; purpose: LinkPurpose; validMinutes: number },
  ): Promise<{ expiresAt: Date }> {
    await tx.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [link.userId]);
    await tx.query(
      `UPDATE account_links SET revoked_at = now()
       WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND revoked_at IS NULL`,
      [link.userId, link.purpose],
    );
    const rows: { expiresAt: Date }[] = (
      await tx.query(
        `INSERT INTO account_links (id, user_id, purpose, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))
       RETURNING expires_at AS "expiresAt"`,
        [link.id, link.userId, link.purpose, link.hash, link.validMinutes],
      )
    ).rows;
    return rows[0];
  }

  /**
   * The open link of `purpose` with this token hash, or null. In a transaction: locked (FOR UPDATE)
   * in its transaction, so two uses of one link serialize and the second finds it used.
   */
  async findOpen(tx: Tx, hash: Buffer, purpose: LinkPurpose): Promise<OpenLink | null> {
    const rows: OpenLink[] = (
      await tx.query(
        `SELECT l.id, l.user_id AS "userId", u.role
       FROM account_links l JOIN users u ON u.id = l.user_id
       WHERE l.token_hash = $1 AND l.purpose = $2 AND ${OPEN}
       ${tx.inTransaction ? 'FOR UPDATE OF l, u' : ''}`,
        [hash, purpose],
      )
    ).rows;
    return rows[0] ?? null;
  }

  /** Marks `id` used and revokes the account's other open links of the same purpose. */
  async spend(tx: Tx, id: string): Promise<void> {
    await tx.query(
      `UPDATE account_links o SET
         used_at = CASE WHEN o.id = l.id THEN now() END,
         revoked_at = CASE WHEN o.id = l.id THEN NULL ELSE now() END
       FROM account_links l
       WHERE l.id = $1 AND o.user_id = l.user_id AND o.purpose = l.purpose
         AND o.used_at IS NULL AND o.revoked_at IS NULL`,
      [id],
    );
  }

  /** The link if it is still open (the worker sends no mail for a used, revoked or expired one). */
  async findMailable(id: string): Promise<MailableLink | null> {
    const rows: MailableLink[] = (
      await this.db.query(
        `SELECT l.id, l.purpose, l.user_id AS "userId", l.created_at AS "createdAt", l.expires_at AS "expiresAt"
       FROM account_links l JOIN users u ON u.id = l.user_id
       WHERE l.id = $1 AND ${OPEN}`,
        [id],
      )
    ).rows;
    return rows[0] ?? null;
  }
}
