import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = ['password', 'password+totp', 'password+webauthn', 'password+recovery_code', 'oidc'];
const AFTER = [...BEFORE, 'oidc+totp', 'oidc+webauthn', 'oidc+recovery_code'];
const check = (methods: string[]) => `CHECK (method IN (${methods.map((m) => `'${m}'`).join(', ')}))`;

/**
 * A single sign-on whose provider vouched for no second factor continues with this service's own
 * (docs/accounts.md "Single sign-on"): such a login's `auth_sessions.method` is `oidc+<factor>`.
 */
export class OidcSecondFactor1764300001810 implements MigrationInterface {
  name = 'OidcSecondFactor1764300001810';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_method_check`);
    await q.query(`ALTER TABLE auth_sessions ADD CONSTRAINT auth_sessions_method_check ${check(AFTER)}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM auth_sessions WHERE method NOT IN (${BEFORE.map((m) => `'${m}'`).join(', ')})`);
    await q.query(`ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_method_check`);
    await q.query(`ALTER TABLE auth_sessions ADD CONSTRAINT auth_sessions_method_check ${check(BEFORE)}`);
  }
}
