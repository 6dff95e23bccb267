import { auditConfig } from '@app/audit';
import { consultationsConfig } from '@app/consultations';
import { identityConfig } from '@app/identity';
import { mailConfig } from '@app/mail';
import { EnvironmentOf } from '@app/platform';
import { triageConfig } from '@app/triage';

/** The configuration of every feature this app runs: validated together at boot, one message for all. */
export const CLI_CONFIG = [auditConfig, identityConfig, mailConfig, consultationsConfig, triageConfig] as const;

/** What every command is given: the validated environment of the platform and of every feature. */
export type CliEnvironment = EnvironmentOf<typeof CLI_CONFIG>;
