import { Injectable } from '@nestjs/common';
import { Database, FieldBinding, Tx } from '@app/platform';

/** A user's authenticator-app secret as stored: FieldCipher ciphertext, never the secret itself. */
export interface StoredTotp {
  sealedSecret: string;
  confirmed: boolean;
  lastUsedStep: number | null;
}

/** Where a user's TOTP secret lives; the ciphertext is bound to it, so it cannot be moved to another user. */
export const totpSecretBinding = (userId: string): FieldBinding => ({
  table: 'mfa_totp',
  column: 'secret',
  rowId: userId,
});

/** Table mfa_totp: one authenticator app per user, pending until its first code confirms it. */
@Injectable()
export class TotpRepository {
  constructor(private readonly db: Database) {}

  /** Locked with `lock`, so two codes checked at once cannot both pass for one time step. */
  async find(tx: Tx, userId: string, lock = false): Promise<StoredTotp | null> {
    const rows: { sealedSecret: string; confirmed: boolean; lastUsedStep: string | null }[] = (
      await tx.query(
        `SELECT secret AS "sealedSecret", confirmed_at IS NOT NULL AS confirmed, last_used_step AS "lastUsedStep"
       FROM mfa_totp WHERE user_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
        [userId],
      )
    ).rows;
    const row = rows[0];
    return row ? { ...row, lastUsedStep: row.lastUsedStep === null ? null : Number(row.lastUsedStep) } : null;
  }

  /** Starts (or restarts) a pending enrolment; false when the user already has a confirmed one. */
  async savePending(tx: Tx, userId: string, sealedSecret: string): Promise<boolean> {
    const rows: unknown[] = (
      await tx.query(
        `INSERT INTO mfa_totp (user_id, secret) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_used_step = NULL
         WHERE mfa_totp.confirmed_at IS NULL
       RETURNING user_id`,
        [userId, sealedSecret],
      )
    ).rows;
    return rows.length > 0;
  }

  /** Records an accepted code's time step; confirms a pending enrolment. */
  async markUsed(tx: Tx, userId: string, step: number): Promise<void> {
    await tx.query(
      `UPDATE mfa_totp SET last_used_step = $2, confirmed_at = COALESCE(confirmed_at, now()) WHERE user_id = $1`,
      [userId, step],
    );
  }

  async hasConfirmed(tx: Tx, userId: string): Promise<boolean> {
    const rows: unknown[] = (
      await tx.query(`SELECT 1 FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`, [userId])
    ).rows;
    return rows.length > 0;
  }

  async delete(tx: Tx, userId: string): Promise<number> {
    const { affected: count } = await tx.query(`DELETE FROM mfa_totp WHERE user_id = $1`, [userId]);
    return count;
  }
}
