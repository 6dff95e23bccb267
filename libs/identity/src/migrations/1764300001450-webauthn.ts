import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WebAuthn passkeys as a second factor (docs/accounts.md "Passkeys").
 * - `webauthn_credentials`: one row per passkey a user registered: the credential id (base64url,
 *   unique across all users, as the spec asks), the COSE public key, the signature counter, the
 *   transports the browser reported, a name the user chose, and when it was registered and last used.
 *   No private key ever reaches the service. Deleting a user (never done today) deletes their passkeys.
 * - `webauthn_challenges`: the one outstanding challenge of a registration or authentication
 *   ceremony, keyed by what it is bound to (the login it was asked in, or the second-factor step);
 *   a verify deletes it first, so each challenge is tried at most once, and it lives two minutes.
 */
export class Webauthn1764300001450 implements MigrationInterface {
  name = 'Webauthn1764300001450';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webauthn_credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        credential_id text NOT NULL UNIQUE CHECK (length(credential_id) BETWEEN 1 AND 1400),
        public_key bytea NOT NULL CHECK (length(public_key) <= 4096),
        counter bigint NOT NULL DEFAULT 0 CHECK (counter >= 0),
        transports text[] NOT NULL DEFAULT '{}',
        backed_up boolean NOT NULL DEFAULT false,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX webauthn_credentials_user_idx ON webauthn_credentials (user_id, created_at)`);
    await q.query(`
      CREATE TABLE webauthn_challenges (
        purpose text NOT NULL CHECK (purpose IN ('registration', 'authentication')),
        bound_to text NOT NULL CHECK (length(bound_to) BETWEEN 1 AND 200),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        challenge text NOT NULL CHECK (length(challenge) BETWEEN 16 AND 200),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (purpose, bound_to)
      )`);
    await q.query(`CREATE INDEX webauthn_challenges_expiry_idx ON webauthn_challenges (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webauthn_challenges`);
    await q.query(`DROP TABLE webauthn_credentials`);
  }
}
