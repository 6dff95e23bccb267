import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a sign-in sent to the provider must find again when the browser comes back. */
export interface PendingLogin {
  codeVerifier: string;
  nonce: string;
}

/**
 * Sign-ins on their way through the provider (oidc_pending_logins), keyed by the SHA-256 of their
 * `state`. `take` deletes the row it returns, so each state is good for one callback.
 */
@Injectable()
export class PendingLoginsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new sign-in and drops the ones that have expired (the index on expires_at serves it). */
  async put(stateHash: Buffer, login: PendingLogin, ttlSeconds: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM oidc_pending_logins WHERE expires_at < now()`);
    await this.dataSource.query(
      `INSERT INTO oidc_pending_logins (state_hash, code_verifier, nonce, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [stateHash, login.codeVerifier, login.nonce, ttlSeconds],
    );
  }

  /** The sign-in of that state, once: null when unknown, already taken or expired. */
  async take(stateHash: Buffer): Promise<PendingLogin | null> {
    const [rows]: [(PendingLogin & { live: boolean })[], number] = await this.dataSource.query(
      `DELETE FROM oidc_pending_logins WHERE state_hash = $1
       RETURNING code_verifier AS "codeVerifier", nonce, expires_at > now() AS live`,
      [stateHash],
    );
    const row = rows[0];
    return row?.live ? { codeVerifier: row.codeVerifier, nonce: row.nonce } : null;
  }
}
