import { Logger } from '@nestjs/common';
import { AdminBootstrap } from '@app/identity';
import { createApiApp } from '../apps/api/src/api-app.factory';
import { loginAs } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';

const EMAIL = 'first.admin@test.example';
const PASSWORD = 'bootstrap-admin-password';

describe('Bootstrap admin (api.md "First admin")', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    ctx = await createE2eContext('bootstrap', { env: { BOOTSTRAP_ADMIN_EMAIL: EMAIL, BOOTSTRAP_ADMIN_PASSWORD: PASSWORD } });
  });
  afterAll(() => ctx.close());

  const admins = async () => (await ctx.db.query(`SELECT id, email, active FROM users WHERE role = 'admin'`)).rows;

  it('creates the admin at API start when no active admin exists, audited as user.create by the system', async () => {
    expect(await admins()).toEqual([{ id: expect.any(String), email: EMAIL, active: true }]);
    const answer = await loginAs(ctx, EMAIL, PASSWORD);
    expect(answer.user).toMatchObject({ email: EMAIL, role: 'admin', active: true });
    const { rows } = await ctx.db.query(`SELECT actor_role, details FROM audit_events WHERE action = 'user.create'`);
    expect(rows).toEqual([{ actor_role: 'system', details: { role: 'admin', organizationId: null, bootstrap: true } }]);
  });

  it('does nothing when another replica starts and an active admin exists', async () => {
    const replica = await createApiApp();
    await replica.close();
    expect(await admins()).toHaveLength(1);
  });

  it('creates exactly one admin when several replicas race, and logs it without the password', async () => {
    await ctx.db.query(`DELETE FROM auth_sessions WHERE user_id IN (SELECT id FROM users WHERE role = 'admin')`);
    await ctx.db.query(`DELETE FROM users WHERE role = 'admin'`);
    const log = jest.spyOn(Logger.prototype, 'log');
    try {
      const bootstrap = ctx.app.get(AdminBootstrap);
      const outcomes = await Promise.all([bootstrap.ensureAdmin(), bootstrap.ensureAdmin(), bootstrap.ensureAdmin()]);
      expect(outcomes.sort()).toEqual(['created', 'exists', 'exists']);
      expect(await admins()).toHaveLength(1);
      const lines = log.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('bootstrap admin'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(EMAIL);
      expect(JSON.stringify(log.mock.calls)).not.toContain(PASSWORD);
    } finally {
      log.mockRestore();
    }
  });

  it('creates nothing when the configured email belongs to a non-admin and no admin is active', async () => {
    await ctx.db.query(`UPDATE users SET role = 'investigator' WHERE email = $1`, [EMAIL]);
    expect(await ctx.app.get(AdminBootstrap).ensureAdmin()).toBe('email_taken');
    expect(await admins()).toHaveLength(0);
  });
});
