import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  createTestDatabase,
  deleteRedisPrefix,
  TestDatabase,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
} from '@app/testing';
import { Pool } from 'pg';
import { IdentityModule } from '../identity.module';
import { AdminBootstrap } from './admin-bootstrap';

const EMAIL = 'first.admin@test.example';
const PASSWORD = 'bootstrap-admin-password';

/**
 * The first-admin bootstrap as a service, on its own database: what replicas racing at start do, and
 * what it refuses. That the API runs it at start is test/admin-bootstrap.e2e-spec.ts.
 */
describe('AdminBootstrap.ensureAdmin', () => {
  let database: TestDatabase;
  let redisPrefix: string;
  let db: Pool;
  const contexts: INestApplicationContext[] = [];

  /** IdentityModule as the API composes it, configured from the environment at the time of the call. */
  async function bootstrapWith(env: Record<string, string | undefined>): Promise<AdminBootstrap> {
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const context = await NestFactory.createApplicationContext(IdentityModule, { logger: false });
    contexts.push(context);
    return context.get(AdminBootstrap);
  }

  const configured = () =>
    bootstrapWith({ BOOTSTRAP_ADMIN_EMAIL: EMAIL, BOOTSTRAP_ADMIN_PASSWORD: PASSWORD });
  const admins = async () => (await db.query(`SELECT email, active FROM users WHERE role = 'admin'`)).rows;

  beforeAll(async () => {
    database = await createTestDatabase('adminbootstrap');
    redisPrefix = uniqueRedisPrefix('adminbootstrap');
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.appUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redisPrefix,
    });
    db = new Pool({ connectionString: database.url, max: 2 });
    db.on('error', () => undefined);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await db?.end();
    await database?.drop();
    await deleteRedisPrefix(redisPrefix);
  });

  afterEach(() => jest.restoreAllMocks());

  it('does nothing without BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD', async () => {
    const bootstrap = await bootstrapWith({
      BOOTSTRAP_ADMIN_EMAIL: undefined,
      BOOTSTRAP_ADMIN_PASSWORD: undefined,
    });
    expect(await bootstrap.ensureAdmin()).toBe('not_configured');
    expect(await admins()).toEqual([]);
  });

  it('creates exactly one admin when several replicas race, and logs it once without the password', async () => {
    const log = jest.spyOn(Logger.prototype, 'log');
    const replicas = [await configured(), await configured(), await configured()];
    const outcomes = await Promise.all(replicas.map((replica) => replica.ensureAdmin()));
    expect(outcomes.sort()).toEqual(['created', 'exists', 'exists']);
    expect(await admins()).toEqual([{ email: EMAIL, active: true }]);
    const { rows } = await db.query(
      `SELECT actor_role, details FROM audit_events WHERE action = 'user.create'`,
    );
    expect(rows).toEqual([
      { actor_role: 'system', details: { role: 'admin', organizationId: null, bootstrap: true } },
    ]);
    const lines = log.mock.calls
      .map((call) => String(call[0]))
      .filter((line) => line.includes('bootstrap admin'));
    expect(lines).toEqual([expect.stringContaining(EMAIL)]);
    expect(JSON.stringify(log.mock.calls)).not.toContain(PASSWORD);
  });

  it('answers exists, creating nothing, while an active admin exists', async () => {
    expect(await (await configured()).ensureAdmin()).toBe('exists');
    expect(await admins()).toHaveLength(1);
  });

  it('creates nothing when the configured email belongs to a non-admin and no admin is active', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    await db.query(`UPDATE users SET role = 'investigator' WHERE email = $1`, [EMAIL]);
    expect(await (await configured()).ensureAdmin()).toBe('email_taken');
    expect(await admins()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(EMAIL));
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.create'`,
    );
    expect(rows[0].n).toBe(1);
  });
});
