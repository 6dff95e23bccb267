import { createApiApp } from '../apps/api/src/api-app.factory';
import { loginAs } from '@app/testing/e2e/actors';
import { createE2eContext, E2eContext } from './support/e2e-context';

const EMAIL = 'first.admin@test.example';
const PASSWORD = 'bootstrap-admin-password';

/**
 * The first admin as the API process makes it at start (api.md "First admin"). The service itself
 * (replicas racing, an email taken by a non-admin) is libs/identity/src/bootstrap/admin-bootstrap.int-spec.ts.
 */
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
});
