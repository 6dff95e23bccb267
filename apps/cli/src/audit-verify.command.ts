import {
  ChainVerdict,
  decodeSigningKey,
  ExportNotVerifiableError,
  verifyExportFile,
  verifyStoredChain,
} from '@app/audit';
import { databaseOptions } from '@app/platform';
import { CliEnvironment } from './cli.config';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';

const USAGE = 'usage: audit-verify [--json] [--file <unfiltered-export.ndjson>]';

function describe(verdict: ChainVerdict & { complete?: boolean }): string[] {
  const lines = [
    verdict.valid ? 'audit trail VALID' : 'audit trail INVALID',
    `checked events: ${verdict.checkedEvents}`,
    `head: seq ${verdict.headSeq}, hash ${verdict.headHash}`,
  ];
  if (!verdict.valid)
    lines.push(`first invalid seq: ${verdict.firstInvalidSeq ?? 'n/a'} (${verdict.reason})`);
  const cp = verdict.checkpoint;
  lines.push(
    cp
      ? `latest checkpoint: seq ${cp.seq}, created ${cp.createdAt}, key ${cp.keyId}: ${cp.status}`
      : 'latest checkpoint: none (truncation of the tail cannot be detected until one exists)',
  );
  if (verdict.complete === false)
    lines.push('export file is INCOMPLETE: its end line is missing or its counts differ');
  return lines;
}

/**
 * `npm run audit:verify [-- --json] [-- --file export.ndjson]`: what an auditor runs. Without
 * --file it verifies the live chain at DATABASE_URL (read-only: it writes nothing, so read-only
 * credentials suffice); with --file it verifies an unfiltered NDJSON export offline. Either way it
 * checks every hash, link, gap and the time order, and the latest checkpoint's HMAC signature with
 * AUDIT_SIGNING_KEY. Exit code 0 when valid, 1 when not, 2 when it cannot verify at all.
 */
export async function auditVerify(env: CliEnvironment, args: string[]): Promise<number> {
  const json = args.includes('--json');
  const fileAt = args.indexOf('--file');
  const file = fileAt >= 0 ? args[fileAt + 1] : undefined;
  const unknown = args.filter(
    (a, i) => a !== '--json' && a !== '--file' && !(fileAt >= 0 && i === fileAt + 1),
  );
  if ((fileAt >= 0 && !file) || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const key = decodeSigningKey(env.AUDIT_SIGNING_KEY);
  let verdict: ChainVerdict & { complete?: boolean };
  try {
    verdict = file ? await verifyFile(file, key) : await verifyDatabase(env, key);
  } catch (error) {
    if (error instanceof ExportNotVerifiableError) {
      console.error(`cannot verify ${file}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  console.log(json ? JSON.stringify(verdict) : describe(verdict).join('\n'));
  return verdict.valid && verdict.complete !== false ? 0 : 1;
}

async function verifyDatabase(env: CliEnvironment, key: Buffer): Promise<ChainVerdict> {
  const dataSource = new DataSource(
    databaseOptions({ url: env.DATABASE_URL, poolSize: 1, statementTimeoutMs: 0 }),
  );
  await dataSource.initialize();
  try {
    return await verifyStoredChain(dataSource, key);
  } finally {
    await dataSource.destroy();
  }
}

async function verifyFile(path: string, key: Buffer) {
  try {
    await access(path);
  } catch {
    throw new ExportNotVerifiableError('no such file');
  }
  return verifyExportFile(
    () => createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity }),
    key,
  );
}
