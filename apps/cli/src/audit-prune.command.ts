import { archiveAndPrune, decodeSigningKey } from '@app/audit';
import { databaseOptions } from '@app/platform';
import { CliEnvironment } from './cli.config';
import { DataSource } from 'typeorm';

const USAGE = 'usage: audit-prune --out <archive.ndjson> [--dry-run]';
/** The role that may remove an archived prefix of the trail (migration 1764300001200). */
export const AUDIT_MAINTENANCE_ROLE = 'consult_audit_maintenance';

/**
 * `npm run audit:prune -- --out archive.ndjson [--dry-run]`: archives the audit events older than
 * AUDIT_RETENTION_DAYS, up to the latest signed checkpoint among them, as an NDJSON export that
 * verifies on its own (`npm run audit:verify -- --file archive.ndjson`), and then removes them.
 * Connects with AUDIT_MAINTENANCE_DATABASE_URL as consult_audit_maintenance, a role the services
 * never have: with the application's credentials the removal is refused by the database. Keep the
 * archive where the database administrators cannot write (docs/audit.md). Exit code 0 when done or
 * nothing was due, 1 when the chain or the archive does not verify (nothing removed), 2 on misuse.
 */
export async function auditPrune(env: CliEnvironment, args: string[]): Promise<number> {
  const outAt = args.indexOf('--out');
  const file = outAt >= 0 ? args[outAt + 1] : undefined;
  const dryRun = args.includes('--dry-run');
  const unknown = args.filter((a, i) => a !== '--out' && a !== '--dry-run' && i !== outAt + 1);
  if (!file || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  if (!env.AUDIT_MAINTENANCE_DATABASE_URL) {
    console.error(
      'audit-prune needs AUDIT_MAINTENANCE_DATABASE_URL: a login granted consult_audit_maintenance',
    );
    return 2;
  }
  const dataSource = new DataSource(
    databaseOptions({
      url: env.AUDIT_MAINTENANCE_DATABASE_URL,
      poolSize: 2,
      appRole: AUDIT_MAINTENANCE_ROLE,
      // An operator command that may archive and delete many rows: no statement timeout.
      statementTimeoutMs: 0,
    }),
  );
  await dataSource.initialize();
  try {
    const olderThan = new Date(Date.now() - env.AUDIT_RETENTION_DAYS * 24 * 3600 * 1000);
    const outcome = await archiveAndPrune(dataSource, decodeSigningKey(env.AUDIT_SIGNING_KEY), {
      olderThan,
      file,
      dryRun,
    });
    if (outcome.pruned) {
      console.log(
        `${dryRun ? 'archived (dry run, nothing removed)' : 'archived and removed'} ${outcome.events} event(s) ` +
          `through seq ${outcome.throughSeq} into ${outcome.file} (sha256 ${outcome.sha256})`,
      );
      return 0;
    }
    switch (outcome.reason) {
      case 'nothing_due':
        console.log(
          `nothing to archive: no signed checkpoint on an event older than ${olderThan.toISOString()}`,
        );
        return 0;
      case 'checkpoint_not_ours':
        console.error(
          `the closing checkpoint (seq ${outcome.checkpoint.seq}) is not signed by AUDIT_SIGNING_KEY; nothing removed`,
        );
        return 1;
      default:
        console.error(
          `${outcome.reason === 'chain_invalid' ? 'the audit chain' : 'the written archive'} does not verify ` +
            `(first invalid seq ${outcome.verdict.firstInvalidSeq}, ${outcome.verdict.reason}); nothing removed`,
        );
        return 1;
    }
  } finally {
    await dataSource.destroy();
  }
}
