import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  createTestDatabase,
  deleteRedisPrefix,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
} from '@app/testing';
import type { E2eContext, E2eOptions } from '@app/testing/e2e/e2e-context.types';
import { Pool } from 'pg';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/api-app.factory';
import { WorkerModule } from '../../apps/worker/src/worker.module';

export type { E2eContext, E2eOptions };

/**
 * One API (and optionally a worker) on a private database cloned from the migrated template and
 * a private Redis prefix, configured through the same environment variables as production.
 * The one helper of the end-to-end suites outside libs/testing: it boots the apps, which no lib may
 * import (docs/architecture.md).
 */

export async function createE2eContext(label: string, options: E2eOptions = {}): Promise<E2eContext> {
  const database = await createTestDatabase(label);
  const redisPrefix = uniqueRedisPrefix(label);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.appUrl,
    DATABASE_MIGRATION_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    OUTBOX_POLL_MS: '50',
    // Suites file far more than 30 requests with one requester; test/intake-limit sets its own.
    INTAKE_LIMIT_PER_HOUR: '100000',
    // Staff log in with a password alone unless the suite asks for the second factor (test/mfa-*).
    MFA_REQUIRED_ROLES: '',
    ...options.env,
  });
  if (options.mfaRequiredByDefault) delete process.env.MFA_REQUIRED_ROLES;
  const app = await createApiApp();
  const db = new Pool({ connectionString: database.url, max: 4 });
  // pool.end() resolves before its clients' sockets have closed; the DROP DATABASE ... WITH (FORCE)
  // in close() can then terminate one, and an 'error' event without a listener fails the suite.
  db.on('error', () => undefined);
  const workers: INestApplicationContext[] = [];
  const startWorker = async () => {
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    workers.push(worker);
    return worker;
  };
  if (options.worker) await startWorker();
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    database,
    redisPrefix,
    startWorker,
    async close() {
      for (const worker of workers) await worker.close();
      await app.close();
      await db.end();
      await database.drop();
      await deleteRedisPrefix(redisPrefix, options.env?.REDIS_URL ?? TEST_REDIS_URL);
    },
  };
}
