import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import type TestAgent from 'supertest/lib/agent';
import type { TestDatabase } from '../test-database';

/**
 * What an end-to-end suite works with. Made by test/support/e2e-context.ts, the one test helper
 * that stays beside the suites: it boots the apps, which no lib may import.
 */
export interface E2eContext {
  app: NestFastifyApplication;
  http: TestAgent;
  /** Superuser pool on the suite's database, for raw reads and fixtures. */
  db: Pool;
  database: TestDatabase;
  redisPrefix: string;
  /** Starts a worker (relay + processors) in this process against the same database and Redis. */
  startWorker(): Promise<INestApplicationContext>;
  close(): Promise<void>;
}

export interface E2eOptions {
  /** Extra environment for this suite (e.g. a private Redis URL). */
  env?: Record<string, string>;
  /** Start the worker too. */
  worker?: boolean;
  /**
   * Keep MFA_REQUIRED_ROLES at its production default (every staff role must use a second factor).
   * Without it a suite runs with MFA_REQUIRED_ROLES empty, so staff log in with a password alone.
   */
  mfaRequiredByDefault?: boolean;
}
