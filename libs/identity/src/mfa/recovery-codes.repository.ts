import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Table mfa_recovery_codes: SHA-256 hashes of a user's single-use recovery codes. */
@Injectable()
export class RecoveryCodesRepository {
  /** Replaces the user's codes (used or not) by these. */
  async replace(userId: string, hashes: Buffer[], manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
    await manager.query(
      `INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`,
      [userId, hashes],
    );
  }

  /** Spends an unused code of the user; answers whether it was one, and how many unused remain. */
  async spend(userId: string, hash: Buffer, manager: EntityManager): Promise<{ spent: boolean; used: boolean; remaining: number }> {
    const rows: { spent: boolean; used: boolean; remaining: number }[] = await manager.query(
      `WITH spent AS (
         UPDATE mfa_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING code_hash
       )
       SELECT EXISTS (SELECT 1 FROM spent) AS spent,
              EXISTS (SELECT 1 FROM mfa_recovery_codes WHERE user_id = $1 AND code_hash = $2 AND used_at IS NOT NULL) AS used,
              (SELECT count(*)::int FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL) - (SELECT count(*)::int FROM spent) AS remaining`,
      [userId, hash],
    );
    return rows[0];
  }

  async countUnused(userId: string, manager: EntityManager): Promise<number> {
    const rows: { count: number }[] = await manager.query(
      `SELECT count(*)::int AS count FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return rows[0].count;
  }

  async deleteAll(userId: string, manager: EntityManager): Promise<number> {
    const [, count]: [unknown[], number] = await manager.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
    return count;
  }
}
