import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { User } from '../accounts/user';
import { USER_COLUMNS } from '../accounts/users.repository';

export type MfaPurpose = 'verify' | 'enroll';

/** A challenge as found by its token's hash, with its user, and why it can no longer be used (if so). */
export interface ChallengeRow {
  id: string;
  userId: string;
  purpose: MfaPurpose;
  firstFactor: string;
  failedAttempts: number;
  /** Null while the challenge can still be used. */
  deadReason: 'consumed' | 'expired' | 'too_many_failures' | 'account_changed' | null;
  user: User & { tokenVersion: number };
}

type Row = Omit<ChallengeRow, 'user' | 'id'> & { challengeId: string } & User & { tokenVersion: number };

/** The `mfaToken` step (table mfa_challenges): only the token's SHA-256 is stored. */
@Injectable()
export class MfaChallengesRepository {
  /** A new challenge; the user's spent and expired ones go at the same time, so the table stays small. */
  async insert(
    challenge: { userId: string; tokenHash: Buffer; purpose: MfaPurpose; firstFactor: string; tokenVersion: number; ttlSeconds: number },
    manager: EntityManager,
  ): Promise<string> {
    await manager.query(
      `DELETE FROM mfa_challenges WHERE user_id = $1 AND (consumed_at IS NOT NULL OR expires_at <= now())`,
      [challenge.userId],
    );
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO mfa_challenges (token_hash, user_id, purpose, first_factor, token_version, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING id`,
      [challenge.tokenHash, challenge.userId, challenge.purpose, challenge.firstFactor, challenge.tokenVersion, challenge.ttlSeconds],
    );
    return rows[0].id;
  }

  /** The challenge of a token, row-locked when `lock` (an attempt on it serializes with any other). */
  async find(tokenHash: Buffer, maxFailures: number, manager: EntityManager, lock = false): Promise<ChallengeRow | null> {
    const rows: Row[] = await manager.query(
      `SELECT c.id AS "challengeId", c.user_id AS "userId", c.purpose, c.first_factor AS "firstFactor", c.failed_attempts AS "failedAttempts",
              CASE WHEN c.consumed_at IS NOT NULL THEN 'consumed'
                   WHEN c.failed_attempts >= $2 THEN 'too_many_failures'
                   WHEN c.expires_at <= now() THEN 'expired'
                   WHEN NOT u.active OR u.token_version <> c.token_version THEN 'account_changed'
              END AS "deadReason",
              ${USER_COLUMNS}, u.token_version AS "tokenVersion"
       FROM mfa_challenges c JOIN users u ON u.id = c.user_id
       WHERE c.token_hash = $1
       ${lock ? 'FOR UPDATE OF c' : ''}`,
      [tokenHash, maxFailures],
    );
    const row = rows[0];
    if (!row) return null;
    const { challengeId, userId, purpose, firstFactor, failedAttempts, deadReason, ...user } = row;
    return { id: challengeId, userId, purpose, firstFactor, failedAttempts, deadReason, user };
  }

  /** Counts one wrong answer; returns the count. */
  async recordFailure(id: string, manager: EntityManager): Promise<number> {
    // A top-level UPDATE answers [returned rows, affected count].
    const [rows]: [{ failedAttempts: number }[], number] = await manager.query(
      `UPDATE mfa_challenges SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts AS "failedAttempts"`,
      [id],
    );
    return rows[0].failedAttempts;
  }

  async consume(id: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE mfa_challenges SET consumed_at = now() WHERE id = $1`, [id]);
  }

  async deleteAllOfUser(userId: string, manager: EntityManager): Promise<number> {
    const [, count]: [unknown[], number] = await manager.query(`DELETE FROM mfa_challenges WHERE user_id = $1`, [userId]);
    return count;
  }
}
