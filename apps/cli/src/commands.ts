import { migrationUrl, provisionAppRole, runMigrations } from '@app/platform';
import { CliEnvironment } from './cli.config';
import { CLI_MIGRATIONS } from './cli.migrations';
import { keysRotate } from './keys-rotate.command';
import { seedDemo } from './seed-demo.command';
import { auditPrune } from './audit-prune.command';
import { auditVerify } from './audit-verify.command';
import { retentionRun } from './retention-run.command';

export type Command = (env: CliEnvironment, args: string[]) => Promise<number>;

async function migrate(env: CliEnvironment): Promise<number> {
  // As the schema's owner (DATABASE_MIGRATION_URL); the apps log in as consult_app (DATABASE_URL).
  const ownerUrl = migrationUrl(env);
  const applied = await runMigrations(ownerUrl, CLI_MIGRATIONS);
  console.log(
    applied.length
      ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
      : 'database is up to date',
  );
  const provisioned = await provisionAppRole(ownerUrl, env.DATABASE_URL);
  if (provisioned) console.log(provisioned);
  return 0;
}

/** Each command lives in its own file; this table names them. */
export const COMMANDS: Record<string, Command> = {
  migrate,
  'audit-verify': auditVerify,
  'audit-prune': auditPrune,
  'keys-rotate': keysRotate,
  'retention-run': retentionRun,
  'seed-demo': seedDemo,
};
