import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { generateSync } from 'otplib';
import { Client } from 'pg';
import { databaseUrl } from '../../../../libs/testing/src/test-env';
import { demoAccount, type Role } from './accounts';
import { DIST, serviceEnv } from './service-env';

/** The code an authenticator app shows `steps` time steps (30 s each) from now, computed with otplib. */
export function totpCode(secret: string, steps = 0): string {
  return generateSync({ secret: secret.replace(/\s/g, ''), epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

function run(): { database: string; redisPrefix: string } {
  const database = process.env.WEB_E2E_DATABASE;
  const redisPrefix = process.env.WEB_E2E_REDIS_PREFIX;
  if (!database || !redisPrefix) throw new Error('WEB_E2E_DATABASE is not set: run through playwright.config.ts');
  return { database, redisPrefix };
}

/**
 * A new account of `role` with the demo account's password (its hash copied), so a test can enrol
 * it without changing the demo accounts other tests log in with.
 */
export async function newAccount(role: Role): Promise<{ email: string; password: string; displayName: string }> {
  const demo = demoAccount(role);
  const email = `${role}-${randomBytes(4).toString('hex')}@mfa.consult-intake.test`;
  const displayName = `Mfa ${role} ${randomBytes(2).toString('hex')}`;
  const client = new Client({ connectionString: databaseUrl(run().database) });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO users (email, display_name, role, organization_id, password_hash)
       SELECT $1, $2, role, organization_id, password_hash FROM users WHERE email = $3`,
      [email, displayName, demo.email],
    );
  } finally {
    await client.end();
  }
  return { email, password: demo.password, displayName };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * A second built API on the suite's database with MFA_REQUIRED_ROLES at its production default
 * (every staff role must enrol), for the forced-enrolment test; the suite's own API has it empty.
 */
export async function startApiWithMfaDefault(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const { database, redisPrefix } = run();
  const port = await freePort();
  const { MFA_REQUIRED_ROLES: _suiteValue, ...inherited } = serviceEnv(database, redisPrefix);
  const env = { ...inherited, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), WEB_DIST_DIR: DIST.web, THROTTLE_IP_LIMIT: '100000' };
  const child: ChildProcess = spawn(process.execPath, [DIST.api], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://localhost:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the second API exited: ${output}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 150) throw new Error(`the second API did not become ready: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
