'use strict';
/**
 * One timed step of the retention phase, in its own process, on the built code: connecting and
 * starting are not timed, only the work. `node run-step.js rotate|purge`; env as the services'.
 * Prints one JSON line.
 * - rotate: `rotateEncryptionKeys` (what `npm run keys:rotate` runs): moves master-key values to
 *   data keys, then re-wraps data keys not under the first key of ENCRYPTION_KEYS.
 * - purge: `ConsultationRetentionService.purgeDue()` (what `npm run retention:run` runs).
 */
require('reflect-metadata');
const path = require('node:path');

const DIST = path.resolve(__dirname, '../../dist/apps/cli/libs');

async function rotate() {
  const { DataSource } = require('typeorm');
  const { databaseOptions } = require(path.join(DIST, 'platform/src/database/database-options.js'));
  const { FieldCipher, parseEncryptionKeys } = require(
    path.join(DIST, 'platform/src/crypto/field-cipher.js'),
  );
  const { rotateEncryptionKeys } = require(path.join(DIST, 'consultations/src/privacy/key-rotation.js'));
  const dataSource = new DataSource(
    databaseOptions({ url: process.env.DATABASE_URL, poolSize: 2, appRole: 'consult_app' }),
  );
  await dataSource.initialize();
  const { Database } = require(path.join(DIST, 'platform/src/database/database.js'));
  const cipher = new FieldCipher(parseEncryptionKeys(process.env.ENCRYPTION_KEYS));
  const started = process.hrtime.bigint();
  const report = await rotateEncryptionKeys(new Database(dataSource), cipher, { batchSize: 500 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await dataSource.destroy();
  const moved = Object.values(report.moved).reduce((a, b) => a + b, 0);
  return { seconds, moved, rewrapped: report.rewrapped, failed: report.failed.length };
}

async function purge() {
  const { NestFactory } = require('@nestjs/core');
  const { Module } = require('@nestjs/common');
  const { PlatformModule } = require(path.join(DIST, 'platform/src/platform.module.js'));
  const { AuditModule } = require(path.join(DIST, 'audit/src/audit.module.js'));
  const consultations = require(path.join(DIST, 'consultations/src/index.js'));
  class PurgeBenchModule {}
  Module({ imports: [PlatformModule, AuditModule, consultations.ConsultationsModule] })(PurgeBenchModule);
  const app = await NestFactory.createApplicationContext(PurgeBenchModule, { logger: ['error'] });
  const started = process.hrtime.bigint();
  const report = await app.get(consultations.ConsultationRetentionService).purgeDue();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();
  return { seconds, purged: report.purged, batches: report.batches };
}

const steps = { rotate, purge };
steps[process.argv[2]]()
  .then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  })
  .catch((error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  });
