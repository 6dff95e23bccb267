import { AppConfig, ConfigSchema, IntVariable, NumberVariable } from '@app/platform';

/** Triage's environment variables: first-response targets, escalation, auto-assignment, the sweeper (docs/triage.md). The business hours they count in are the platform's calendar. */
export class TriageEnvironment {
  /** First-response target of a `critical` request, in minutes around the clock. */
  @IntVariable(1, 7 * 24 * 60)
  SLA_CRITICAL_MINUTES = 60;

  /** First-response target of a `high` request, in business minutes (4 business hours). */
  @IntVariable(1, 100_000)
  SLA_HIGH_BUSINESS_MINUTES = 240;

  /** First-response target of a `normal` request, in business days (of BUSINESS_HOURS_OPEN..CLOSE). */
  @IntVariable(1, 60)
  SLA_NORMAL_BUSINESS_DAYS = 1;

  /** First-response target of a `low` request, in business days. */
  @IntVariable(1, 60)
  SLA_LOW_BUSINESS_DAYS = 3;

  /** The deadline warning goes out when this share of the target has passed (0.75 = 75%). */
  @NumberVariable(0.05, 0.99)
  SLA_WARNING_FRACTION = 0.75;

  /** After a breach, supervisors are told again every this many minutes until someone takes the request. */
  @IntVariable(1, 24 * 60)
  SLA_ESCALATION_INTERVAL_MINUTES = 30;

  /** A critical request nobody has claimed after this many minutes is assigned to the suggested investigator. */
  @IntVariable(1, 24 * 60)
  AUTO_ASSIGN_CRITICAL_AFTER_MINUTES = 10;

  /** How often the worker looks for requests still `submitted` (a repeatable job). */
  @IntVariable(1, 3600)
  TRIAGE_SWEEP_EVERY_SECONDS = 60;

  /** A request still `submitted` this long after filing is published to triage again. */
  @IntVariable(1, 24 * 3600)
  TRIAGE_SWEEP_AFTER_SECONDS = 120;
}

export const triageConfig: ConfigSchema<TriageEnvironment> = {
  variables: TriageEnvironment,
};

/** Triage's variables with the platform's: what its services inject (provided by `configProvider`). */
export class TriageConfig extends AppConfig<TriageEnvironment> {}
