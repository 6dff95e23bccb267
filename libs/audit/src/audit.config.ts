import { IsOptional, Matches } from 'class-validator';
import { AppConfig, ConfigSchema, decodesTo32Bytes, IntVariable } from '@app/platform';

/** The audit trail's environment variables: the signing key, checkpoints, retention (docs/audit.md). */
export class AuditEnvironment {
  @Matches(/^[A-Za-z0-9+/=]{43,44}$/, { message: 'must be base64 of 32 random bytes' })
  AUDIT_SIGNING_KEY: string;

  /** Write a signed audit checkpoint once this many events have been appended since the last one... */
  @IntVariable(1)
  AUDIT_CHECKPOINT_EVERY_EVENTS = 1000;

  /** ...or once this many minutes have passed, if any event was appended since. */
  @IntVariable(1, 1440)
  AUDIT_CHECKPOINT_EVERY_MINUTES = 10;

  /** How often the worker checks whether a checkpoint is due (a repeatable job). */
  @IntVariable(1, 3600)
  AUDIT_CHECKPOINT_POLL_SECONDS = 15;

  /** Audit events older than this many days may be archived and pruned (`npm run audit:prune`). */
  @IntVariable(1, 36500)
  AUDIT_RETENTION_DAYS = 1825;

  /**
   * Connection for `npm run audit:prune` only, as the maintenance role (consult_audit_maintenance)
   * that may remove an archived prefix of the trail; the services never use it. Unset: no pruning.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  AUDIT_MAINTENANCE_DATABASE_URL?: string;
}

export const auditConfig: ConfigSchema<AuditEnvironment> = {
  variables: AuditEnvironment,
  // Only for non-production: a well-known, useless-outside-a-laptop value.
  developmentSecrets: { AUDIT_SIGNING_KEY: 'ZGV2LW9ubHktYXVkaXQtc2lnbmluZy1rZXktMzJieXQ=' },
  problems(env, alreadyBad) {
    return !alreadyBad.includes('AUDIT_SIGNING_KEY') && env.AUDIT_SIGNING_KEY && !decodesTo32Bytes(env.AUDIT_SIGNING_KEY)
      ? ['AUDIT_SIGNING_KEY must decode to exactly 32 bytes']
      : [];
  },
};

/** The audit trail's variables with the platform's: what its services inject (provided by `configProvider`). */
export class AuditConfig extends AppConfig<AuditEnvironment> {}
