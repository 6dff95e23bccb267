import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { deleteRedisPrefix, uniqueRedisPrefix } from '../../../../libs/testing/src/redis-prefix';
import { TEST_PG_ADMIN_URL } from '../../../../libs/testing/src/test-env';
import { SmtpSink } from '../../../../libs/testing/src/e2e/smtp-sink';
import { DIST, serviceEnv } from './service-env';
import { TestOpenIdProvider } from '../../../../libs/testing/src/e2e/oidc-provider';
import { SSO_CLIENT, SSO_PERSONS, SSO_PROVIDER_NAME } from './sso';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the API did not become ready:\n${output()}`);
}

/**
 * Once per browser run: a fresh database (migrated and seeded with the demo accounts by the built
 * CLI), the built API and worker as child processes on a free port with their own Redis prefix, and
 * an SMTP server that writes every mail it receives as JSON into WEB_E2E_MAIL_DIR (support/mail.ts).
 * Tests reach it at WEB_E2E_BASE_URL (http://localhost:PORT: WebAuthn needs localhost). Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const [name, file] of Object.entries(DIST)) {
    if (!existsSync(file))
      throw new Error(`${name} is not built (${file}): run npm run build, or npm run test:web, which builds`);
  }
  const database = `ci_web_${randomBytes(4).toString('hex')}`;
  const redisPrefix = uniqueRedisPrefix('web');
  const port = await freePort();
  const sink = await SmtpSink.start();
  const mailDir = mkdtempSync(join(tmpdir(), 'web-e2e-mail-'));
  let mails = 0;
  sink.onReceived = (mail) =>
    writeFileSync(join(mailDir, `${String(++mails).padStart(6, '0')}.json`), JSON.stringify(mail));
  process.env.WEB_E2E_MAIL_DIR = mailDir;
  const baseUrl = `http://localhost:${port}`;
  const redirectUrl = `${baseUrl}/api/v1/auth/oidc/callback`;
  const provider = await TestOpenIdProvider.start([{ ...SSO_CLIENT, redirect_uris: [redirectUrl] }], SSO_PERSONS);
  const env: NodeJS.ProcessEnv = {
    ...serviceEnv(database, redisPrefix),
    LOG_LEVEL: process.env.WEB_E2E_LOG_LEVEL ?? 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    WEB_DIST_DIR: DIST.web,
    // Every test logs in from 127.0.0.1.
    THROTTLE_IP_LIMIT: '100000',
    // Demo staff log in with a password alone; mfa.pw.ts enrols its own users (and starts its own
    // API with the production default, where staff must enrol).
    MFA_REQUIRED_ROLES: process.env.WEB_E2E_MFA_REQUIRED_ROLES ?? '',
    // Mails (invitations, resets, notifications) go to the sink; their links to this server.
    SMTP_URL: sink.url,
    // Single sign-on through the test provider (sso.pw.ts): the login page shows its button.
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: SSO_CLIENT.client_id,
    OIDC_CLIENT_SECRET: SSO_CLIENT.client_secret,
    OIDC_REDIRECT_URL: redirectUrl,
    OIDC_DISPLAY_NAME: SSO_PROVIDER_NAME,
  };
  const run = promisify(execFile);
  try {
    await run(process.execPath, [DIST.cli, 'migrate'], { env });
    await run(process.execPath, [DIST.cli, 'seed-demo'], { env });
  } catch (error) {
    await provider.stop();
    throw error;
  }
  // For tests that reach behind the API (support/database.ts): the workers inherit these.
  process.env.WEB_E2E_DATABASE = database;
  process.env.WEB_E2E_REDIS_PREFIX = redisPrefix;

  const children: ChildProcess[] = [];
  let output = '';
  for (const entry of [DIST.api, DIST.worker]) {
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    children.push(child);
  }
  process.env.WEB_E2E_BASE_URL = baseUrl;

  const teardown = async () => {
    await provider.stop();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    await deleteRedisPrefix(redisPrefix);
    await sink.stop();
    rmSync(mailDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(baseUrl, children[0] as ChildProcess, () => output);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
