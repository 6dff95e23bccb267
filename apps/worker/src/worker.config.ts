import { auditConfig } from '@app/audit';
import { consultationsConfig } from '@app/consultations';
import { identityConfig } from '@app/identity';
import { mailConfig } from '@app/mail';
import { triageConfig } from '@app/triage';

/** The configuration of every feature this app runs: validated together at boot, one message for all. */
export const WORKER_CONFIG = [auditConfig, identityConfig, mailConfig, consultationsConfig, triageConfig] as const;
