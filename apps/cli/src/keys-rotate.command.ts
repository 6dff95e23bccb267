import { FieldCipher, parseEncryptionKeys } from '@app/platform';
import { rotateEncryptionKeys } from '@app/consultations/privacy/key-rotation';
import { databaseOptions } from '@app/platform';
import { CliEnvironment } from './cli.config';
import { DataSource } from 'typeorm';

/**
 * `npm run keys:rotate [-- --batch-size=500]`: moves values still under a master key to their
 * request's own data key (once, after upgrading to envelope encryption), then re-wraps every data
 * key with the first key of ENCRYPTION_KEYS. Rotate by putting a new key first (keep the old
 * ones), restarting the services, running this, and only then removing the old keys. Safe to run
 * while the service runs, and again; resumes where a crash left it. Exit code 1 when some value
 * or key could not be decrypted (listed by row id).
 */
export async function keysRotate(env: CliEnvironment, args: string[]): Promise<number> {
  const batchArg = args.find((arg) => arg.startsWith('--batch-size='));
  const batchSize = batchArg ? Number(batchArg.slice('--batch-size='.length)) : 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) {
    console.error('--batch-size must be an integer from 1 to 10000');
    return 2;
  }
  const cipher = new FieldCipher(parseEncryptionKeys(env.ENCRYPTION_KEYS));
  const dataSource = new DataSource(
    databaseOptions({ url: env.DATABASE_URL, poolSize: 2, statementTimeoutMs: 0 }),
  );
  await dataSource.initialize();
  try {
    console.log(`wrapping data keys with key "${cipher.currentKeyId}" in batches of ${batchSize}`);
    const report = await rotateEncryptionKeys(dataSource, cipher, { batchSize });
    for (const [field, count] of Object.entries(report.moved))
      console.log(`${field}: ${count} moved to the request's data key`);
    console.log(`consultation_keys: ${report.rewrapped} data keys re-wrapped`);
    for (const failure of report.failed) {
      console.error(`${failure.field} row ${failure.rowId}: cannot decrypt (${failure.reason})`);
    }
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}
