import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on with OpenID Connect (docs/accounts.md "Single sign-on").
 * - `user_identities`: which person at which OpenID Provider an account is (issuer and `sub`), linked
 *   on that person's first sign-in through their verified email. One person per account and
 *   provider, one account per person; deleted with the account.
 * - `oidc_pending_logins`: a sign-in that was sent to the provider and has not come back yet, keyed
 *   by the SHA-256 of its `state` (never the state itself), with its PKCE verifier and nonce.
 *   Deleted when the callback takes it (so a callback works once) or after `expires_at`.
 */
export class SingleSignOn1764300001800 implements MigrationInterface {
  name = 'SingleSignOn1764300001800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_identities (
        issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issuer, subject),
        UNIQUE (user_id, issuer)
      )`);
    await q.query(`
      CREATE TABLE oidc_pending_logins (
        state_hash bytea PRIMARY KEY CHECK (length(state_hash) = 32),
        code_verifier text NOT NULL CHECK (length(code_verifier) BETWEEN 43 AND 128),
        nonce text NOT NULL CHECK (length(nonce) BETWEEN 16 AND 128),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX oidc_pending_logins_expires_idx ON oidc_pending_logins (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oidc_pending_logins`);
    await q.query(`DROP TABLE user_identities`);
  }
}
