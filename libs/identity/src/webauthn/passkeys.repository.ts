import { Tx, Database } from '@app/platform';
import { Injectable } from '@nestjs/common';

/** A passkey as its owner sees it: never the public key or the credential id. */
export interface Passkey {
  id: string;
  name: string;
  transports: string[];
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A passkey with what verifying an assertion needs. */
export interface StoredPasskey extends Passkey {
  userId: string;
  credentialId: string;
  publicKey: Buffer;
  counter: number;
}

export interface NewPasskey {
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  backedUp: boolean;
  name: string;
}

/** TypeORM answers a top-level UPDATE or DELETE with [returned rows, affected count], not the rows alone. */

const COLUMNS = `id, name, transports, backed_up AS "backedUp", created_at AS "createdAt", last_used_at AS "lastUsedAt"`;
const STORED = `${COLUMNS}, user_id AS "userId", credential_id AS "credentialId", public_key AS "publicKey", counter::float8 AS counter`;

/** The `webauthn_credentials` table (docs/accounts.md "Passkeys"). */
@Injectable()
export class PasskeysRepository {
  constructor(private readonly db: Database) {}

  async listOf(tx: Tx, userId: string): Promise<StoredPasskey[]> {
    return (
      await tx.query(
        `SELECT ${STORED} FROM webauthn_credentials WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      )
    ).rows;
  }

  async countOf(tx: Tx, userId: string): Promise<number> {
    const rows: { count: number }[] = (
      await tx.query(`SELECT count(*)::int AS count FROM webauthn_credentials WHERE user_id = $1`, [userId])
    ).rows;
    return rows[0].count;
  }

  /** The user's passkey with that credential id; another user's is not found. */
  async findOwn(tx: Tx, userId: string, credentialId: string): Promise<StoredPasskey | null> {
    const rows: StoredPasskey[] = (
      await tx.query(`SELECT ${STORED} FROM webauthn_credentials WHERE user_id = $1 AND credential_id = $2`, [
        userId,
        credentialId,
      ])
    ).rows;
    return rows[0] ?? null;
  }

  /** Null when that credential id is registered already (to anyone). */
  async insert(tx: Tx, passkey: NewPasskey): Promise<Passkey | null> {
    const rows: Passkey[] = (
      await tx.query(
        `INSERT INTO webauthn_credentials (user_id, credential_id, public_key, counter, transports, backed_up, name)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (credential_id) DO NOTHING
       RETURNING ${COLUMNS}`,
        [
          passkey.userId,
          passkey.credentialId,
          Buffer.from(passkey.publicKey),
          passkey.counter,
          passkey.transports,
          passkey.backedUp,
          passkey.name,
        ],
      )
    ).rows;
    return rows[0] ?? null;
  }

  /**
   * Records a use. The counter only moves forward (an authenticator that keeps no counter sends 0
   * every time); false when another use got there first with the same or a higher counter.
   */
  async recordUse(tx: Tx, id: string, counter: number): Promise<boolean> {
    const { affected: count } = await tx.query(
      `UPDATE webauthn_credentials SET counter = $2, last_used_at = now()
       WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0))`,
      [id, counter],
    );
    return count > 0;
  }

  async removeOwn(tx: Tx, userId: string, id: string): Promise<boolean> {
    const { affected: count } = await tx.query(
      `DELETE FROM webauthn_credentials WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return count > 0;
  }

  /** Every passkey of the user (an admin's factor reset); returns how many there were. */
  async removeAllOf(tx: Tx, userId: string): Promise<number> {
    const { affected: count } = await tx.query(`DELETE FROM webauthn_credentials WHERE user_id = $1`, [
      userId,
    ]);
    return count;
  }
}
