import { Database } from '@app/platform';
import { Injectable } from '@nestjs/common';

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
  constructor(private readonly db: Database) {}

  /** Stores a new sign-in and drops the ones that have expired (the index on expires_at serves it). */
  async put(stateHash: Buffer, login: PendingLogin, ttlSeconds: number): Promise<void> {
    await this.db.query(`DELETE FROM oidc_pending_logins WHERE expires_at < now()`);
    await this.db.query(
      `INSERT INTO oidc_pending_logins (state_hash, code_verifier, nonce, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [stateHash, login.codeVerifier, login.nonce, ttlSeconds],
    );
  }

  /** The sign-in of that state, once: null when unknown, already taken or expired. */
  async take(stateHash: Buffer): Promise<PendingLogin | null> {
    const { rows } = await this.db.query<PendingLogin & { live: boolean }>(
      `DELETE FROM oidc_pending_logins WHERE state_hash = $1
       RETURNING code_verifier AS "codeVerifier", nonce, expires_at > now() AS live`,
      [stateHash],
    );
    const row = rows[0];
    return row?.live ? { codeVerifier: row.codeVerifier, nonce: row.nonce } : null;
  }
}
