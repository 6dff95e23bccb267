import { Tx } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { Role } from '../access/role';

/** An account as single sign-on sees it: enough to refuse it, link it or open its session. */
export interface SignOnCandidate {
  id: string;
  email: string;
  displayName: string;
  /** Null: no role yet (a staff-role grant is pending). */
  role: Role | null;
  organizationId: string | null;
  active: boolean;
  /** An invited account has no password yet: it has not accepted its invitation. */
  invited: boolean;
  tokenVersion: number;
  /** The provider's person this account is linked to at that issuer, if any. */
  linkedSubject: string | null;
}

const CANDIDATE_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.role, u.organization_id AS "organizationId",
  u.active, u.password_hash IS NULL AS invited, u.token_version AS "tokenVersion"`;

/** Which person at which provider an account is (user_identities). */
@Injectable()
export class LinkedAccountsRepository {
  /** The account linked to that person at that issuer. */
  async findLinked(tx: Tx, issuer: string, subject: string): Promise<SignOnCandidate | null> {
    const rows: SignOnCandidate[] = (
      await tx.query(
        `SELECT ${CANDIDATE_COLUMNS}, i.subject AS "linkedSubject"
       FROM user_identities i JOIN users u ON u.id = i.user_id
       WHERE i.issuer = $1 AND i.subject = $2`,
        [issuer, subject],
      )
    ).rows;
    return rows[0] ?? null;
  }

  /** The account with that email (in its normal form), locked, with the person it is linked to at that issuer. */
  async findByEmail(tx: Tx, issuer: string, email: string): Promise<SignOnCandidate | null> {
    const rows: SignOnCandidate[] = (
      await tx.query(
        `SELECT ${CANDIDATE_COLUMNS}, i.subject AS "linkedSubject"
       FROM users u LEFT JOIN user_identities i ON i.user_id = u.id AND i.issuer = $1
       WHERE email_key(u.email) = email_key($2)
       FOR UPDATE OF u`,
        [issuer, email.trim()],
      )
    ).rows;
    return rows[0] ?? null;
  }

  /** Links the account to that person; false when either is already linked (a concurrent first sign-in). */
  async link(tx: Tx, userId: string, issuer: string, subject: string): Promise<boolean> {
    const rows: unknown[] = (
      await tx.query(
        `INSERT INTO user_identities (issuer, subject, user_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING user_id`,
        [issuer, subject, userId],
      )
    ).rows;
    return rows.length === 1;
  }
}
