import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

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
type Changed = [unknown[], number];

const COLUMNS = `id, name, transports, backed_up AS "backedUp", created_at AS "createdAt", last_used_at AS "lastUsedAt"`;
const STORED = `${COLUMNS}, user_id AS "userId", credential_id AS "credentialId", public_key AS "publicKey", counter::float8 AS counter`;

/** The `webauthn_credentials` table (docs/accounts.md "Passkeys"). */
@Injectable()
export class PasskeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<StoredPasskey[]> {
    return manager.query(`SELECT ${STORED} FROM webauthn_credentials WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
  }

  async countOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: { count: number }[] = await manager.query(
      `SELECT count(*)::int AS count FROM webauthn_credentials WHERE user_id = $1`,
      [userId],
    );
    return rows[0].count;
  }

  /** The user's passkey with that credential id; another user's is not found. */
  async findOwn(userId: string, credentialId: string, manager: EntityManager): Promise<StoredPasskey | null> {
    const rows: StoredPasskey[] = await manager.query(
      `SELECT ${STORED} FROM webauthn_credentials WHERE user_id = $1 AND credential_id = $2`,
      [userId, credentialId],
    );
    return rows[0] ?? null;
  }

  /** Null when that credential id is registered already (to anyone). */
  async insert(passkey: NewPasskey, manager: EntityManager): Promise<Passkey | null> {
    const rows: Passkey[] = await manager.query(
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
    );
    return rows[0] ?? null;
  }

  /**
   * Records a use. The counter only moves forward (an authenticator that keeps no counter sends 0
   * every time); false when another use got there first with the same or a higher counter.
   */
  async recordUse(id: string, counter: number, manager: EntityManager): Promise<boolean> {
    const [, count]: Changed = await manager.query(
      `UPDATE webauthn_credentials SET counter = $2, last_used_at = now()
       WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0))`,
      [id, counter],
    );
    return count > 0;
  }

  async removeOwn(userId: string, id: string, manager: EntityManager): Promise<boolean> {
    const [, count]: Changed = await manager.query(`DELETE FROM webauthn_credentials WHERE id = $1 AND user_id = $2`, [id, userId]);
    return count > 0;
  }

  /** Every passkey of the user (an admin's factor reset); returns how many there were. */
  async removeAllOf(userId: string, manager: EntityManager): Promise<number> {
    const [, count]: Changed = await manager.query(`DELETE FROM webauthn_credentials WHERE user_id = $1`, [userId]);
    return count;
  }
}
