/**
 * Test actors for end-to-end suites: real accounts in the suite's database, logged in over HTTP.
 *
 *   const ctx = await createE2eContext('mysuite');
 *   const actors = await createActors(ctx);
 *   await actors.requester.auth(ctx.http.get('/api/v1/consultations')).expect(200);
 *
 * - `createActors(ctx)` → `{ org, org2, requester, requester2, investigator, investigator2, supervisor, admin }`.
 *   `requester` belongs to `org`, `requester2` to `org2` (another organization); staff and the admin
 *   belong to no organization. Every call makes new accounts (unique emails), so calling it twice
 *   in one suite is fine.
 * - Each actor: `{ id, email, password, role, organizationId, token, refreshToken, auth(req) }`;
 *   `auth(req)` sets `Authorization: Bearer <token>` on a supertest request and returns it.
 * - `loginAs(ctx, email, password)` logs in over HTTP and returns `{ accessToken, refreshToken, user }`
 *   (throws unless the answer is 200).
 * - `createAccount(ctx, role, { organizationId? })` makes one more account (not logged in).
 *
 * Accounts are inserted with SQL (one argon2id hash of TEST_PASSWORD per process, at the real
 * parameters) and logged in over POST /api/v1/auth/login. Logins count against the per-IP limit
 * (THROTTLE_IP_LIMIT, 100 a minute by default): a suite that logs in far more often should pass
 * `env: { THROTTLE_IP_LIMIT: '10000' }` to createE2eContext.
 */
import { PasswordHasher, Role } from '@app/identity';
import { randomBytes } from 'node:crypto';
import type { E2eContext } from './e2e-context.types';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestOrganization {
  id: string;
  name: string;
  kind: string;
}

export interface Account {
  id: string;
  email: string;
  password: string;
  role: Role;
  organizationId: string | null;
}

export interface Actor extends Account {
  /** A fresh access token. */
  token: string;
  refreshToken: string;
  /** Sets `Authorization: Bearer <token>` on a supertest request. */
  auth<T extends { set(field: string, value: string): T }>(request: T): T;
}

export interface Actors {
  org: TestOrganization;
  org2: TestOrganization;
  requester: Actor;
  requester2: Actor;
  investigator: Actor;
  investigator2: Actor;
  supervisor: Actor;
  admin: Actor;
}

export interface LoginAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; email: string; displayName: string; role: Role; organizationId: string | null; active: boolean };
}

const hashes = new WeakMap<E2eContext, Promise<string>>();

/** The argon2id hash of TEST_PASSWORD (one per context), for fixtures that give an account a password by SQL. */
export function testPasswordHash(ctx: E2eContext): Promise<string> {
  let hash = hashes.get(ctx);
  if (!hash) {
    hash = ctx.app.get(PasswordHasher).hash(TEST_PASSWORD);
    hashes.set(ctx, hash);
  }
  return hash;
}

export async function createOrganization(ctx: E2eContext, name = `Org ${randomBytes(3).toString('hex')}`, kind = 'school'): Promise<TestOrganization> {
  const { rows } = await ctx.db.query<TestOrganization>(`INSERT INTO organizations (name, kind) VALUES ($1, $2) RETURNING id, name, kind`, [name, kind]);
  return rows[0];
}

export async function createAccount(ctx: E2eContext, role: Role, options: { organizationId?: string | null; email?: string } = {}): Promise<Account> {
  const email = options.email ?? `${role}-${randomBytes(5).toString('hex')}@test.example`;
  const organizationId = options.organizationId ?? null;
  const { rows } = await ctx.db.query<{ id: string }>(
    `INSERT INTO users (email, display_name, role, organization_id, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [email, `Test ${role}`, role, organizationId, await testPasswordHash(ctx)],
  );
  return { id: rows[0].id, email, password: TEST_PASSWORD, role, organizationId };
}

export async function loginAs(ctx: E2eContext, email: string, password: string): Promise<LoginAnswer> {
  const res = await ctx.http.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login as ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as LoginAnswer;
}

export async function logIn(ctx: E2eContext, account: Account): Promise<Actor> {
  const answer = await loginAs(ctx, account.email, account.password);
  const token = answer.accessToken;
  return {
    ...account,
    token,
    refreshToken: answer.refreshToken,
    auth: (request) => request.set('Authorization', `Bearer ${token}`),
  };
}

export async function createActors(ctx: E2eContext): Promise<Actors> {
  const [org, org2] = await Promise.all([createOrganization(ctx), createOrganization(ctx, undefined, 'health_care')]);
  const accounts = await Promise.all([
    createAccount(ctx, Role.Requester, { organizationId: org.id }),
    createAccount(ctx, Role.Requester, { organizationId: org2.id }),
    createAccount(ctx, Role.Investigator),
    createAccount(ctx, Role.Investigator),
    createAccount(ctx, Role.Supervisor),
    createAccount(ctx, Role.Admin),
  ]);
  const [requester, requester2, investigator, investigator2, supervisor, admin] = await Promise.all(accounts.map((a) => logIn(ctx, a)));
  return { org, org2, requester, requester2, investigator, investigator2, supervisor, admin };
}
