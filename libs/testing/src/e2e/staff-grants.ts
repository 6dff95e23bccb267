/**
 * Staff accounts made the way admins make them (POST /users), for the role-grant suites.
 *
 * - `requestStaff(ctx, admin, role)` → `{ res, account }`: the admin's answer (202 with the pending
 *   grant for investigator and supervisor, docs/accounts.md) and the account with TEST_PASSWORD set
 *   by SQL, as accepting its invitation would, so it can log in (staff are invited: no password).
 * - `pendingGrants(ctx, supervisor)`: GET /role-grants?status=pending as that supervisor.
 */
import { randomBytes } from 'node:crypto';
import type request from 'supertest';
import { Account, Actor, TEST_PASSWORD, testPasswordHash } from './actors';
import type { E2eContext } from './e2e-context.types';

export async function requestStaff(
  ctx: E2eContext,
  admin: Actor,
  role: string,
  overrides: Record<string, unknown> = {},
): Promise<{ res: request.Response; account: Account }> {
  const email = `${role}-${randomBytes(5).toString('hex')}@grants.example`;
  const res = await admin
    .auth(ctx.http.post('/api/v1/users'))
    .send({ email, displayName: `Asked ${role}`, role, ...overrides });
  const id = (res.body.userId ?? res.body.id) as string;
  if (id)
    await ctx.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [
      id,
      await testPasswordHash(ctx),
    ]);
  return {
    res,
    account: { id, email, password: TEST_PASSWORD, role: role as Account['role'], organizationId: null },
  };
}

export async function pendingGrants(ctx: E2eContext, supervisor: Actor): Promise<Record<string, unknown>[]> {
  const res = await supervisor.auth(ctx.http.get('/api/v1/role-grants?status=pending&limit=100'));
  if (res.status !== 200) throw new Error(`GET /role-grants answered ${res.status}`);
  return res.body.items;
}
