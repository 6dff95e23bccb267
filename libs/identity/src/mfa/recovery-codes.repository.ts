import { Tx } from '@app/platform';
import { Injectable } from '@nestjs/common';

/** Table mfa_recovery_codes: SHA-256 hashes of a user's single-use recovery codes. */
@Injectable()
export class RecoveryCodesRepository {
  /** Replaces the user's codes (used or not) by these. */
  async replace(tx: Tx, userId: string, hashes: Buffer[]): Promise<void> {
    await tx.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
    await tx.query(`INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`, [
      userId,
      hashes,
    ]);
  }

  /** Spends an unused code of the user; answers whether it was one, and how many unused remain. */
  async spend(
    tx: Tx,
    userId: string,
    hash: Buffer,
  ): Promise<{ spent: boolean; used: boolean; remaining: number }> {
    const rows: { spent: boolean; used: boolean; remaining: number }[] = (
      await tx.query(
        `WITH spent AS (
         UPDATE mfa_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING code_hash
       )
       SELECT EXISTS (SELECT 1 FROM spent) AS spent,
              EXISTS (SELECT 1 FROM mfa_recovery_codes WHERE user_id = $1 AND code_hash = $2 AND used_at IS NOT NULL) AS used,
              (SELECT count(*)::int FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL) - (SELECT count(*)::int FROM spent) AS remaining`,
        [userId, hash],
      )
    ).rows;
    return rows[0];
  }

  async countUnused(tx: Tx, userId: string): Promise<number> {
    const rows: { count: number }[] = (
      await tx.query(
        `SELECT count(*)::int AS count FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
        [userId],
      )
    ).rows;
    return rows[0].count;
  }

  async deleteAll(tx: Tx, userId: string): Promise<number> {
    const { affected: count } = await tx.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
    return count;
  }
}
