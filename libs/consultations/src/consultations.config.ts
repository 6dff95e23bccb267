import { IsString, Matches, MinLength } from 'class-validator';
import { AppConfig, ConfigSchema, IntVariable } from '@app/platform';

/** The consultation request's environment variables: intake limits, immediate-danger advice, retention (docs/retention.md). */
export class ConsultationsEnvironment {
  /** How long an intake Idempotency-Key is remembered (docs/api.md: 24 hours). */
  @IntVariable(1, 720)
  IDEMPOTENCY_KEY_TTL_HOURS = 24;

  /**
   * Requests one requester may file in any 60 minutes (a sliding window); past it, 429 with
   * Retry-After, and supervisors are told (docs/api.md, POST /consultations).
   */
  @IntVariable(1, 1_000_000)
  INTAKE_LIMIT_PER_HOUR = 30;

  /** The emergency number a request with `immediateDanger` is told to call. */
  @Matches(/^[0-9+ -]{2,20}$/, { message: 'must be a phone number' })
  EMERGENCY_NUMBER = '112';

  /** The advice answered to a request with `immediateDanger`; `{emergencyNumber}` is replaced. */
  @IsString()
  @MinLength(10)
  IMMEDIATE_DANGER_ADVICE =
    'Someone may be in immediate danger: call {emergencyNumber} now. Do not wait for an answer here. ' +
    'Your request has been given the highest priority.';

  /**
   * Where the service refers people (docs/product.md: a configurable directory), as a JSON array
   * of `{ "name", "phone"?, "url"?, "description"? }`, returned with immediate-danger advice.
   */
  @IsString()
  REFERRAL_RESOURCES = JSON.stringify([
    { name: 'Police (emergency)', phone: '112', description: 'When someone is in immediate danger.' },
    {
      name: 'National support line for prostitution and human trafficking',
      phone: '020-390 000',
      description: 'Advice and support about prostitution and human trafficking.',
    },
    {
      name: "The municipality's citizen service centre",
      description: "Finds the right municipal service, also outside the investigators' hours.",
    },
  ]);

  /**
   * Closed and withdrawn requests are purged this many days after they ended, unless under legal
   * hold (default 730: two years, docs/retention.md on the records schedule).
   */
  @IntVariable(1, 36500)
  RETENTION_CLOSED_DAYS = 730;

  /** How often the worker runs the purge (default daily). */
  @IntVariable(60, 7 * 24 * 3600)
  RETENTION_EVERY_SECONDS = 24 * 3600;

  /** Requests purged per transaction (each batch is whole or not at all). */
  @IntVariable(1, 1000)
  RETENTION_BATCH_SIZE = 100;
}

export const consultationsConfig: ConfigSchema<ConsultationsEnvironment> = {
  variables: ConsultationsEnvironment,
  problems(env, alreadyBad) {
    return !alreadyBad.includes('REFERRAL_RESOURCES') && !isReferralDirectory(env.REFERRAL_RESOURCES)
      ? ['REFERRAL_RESOURCES must be a JSON array of { name, phone?, url?, description? } with string values']
      : [];
  },
};

/** The consultation request's variables with the platform's: what its services inject (provided by `configProvider`). */
export class ConsultationsConfig extends AppConfig<ConsultationsEnvironment> {}

/** A JSON array of referral resources, each with a name and optional phone, url and description strings. */
function isReferralDirectory(json: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return false;
  }
  const fields = ['name', 'phone', 'url', 'description'];
  return (
    Array.isArray(parsed) &&
    parsed.every(
      (entry) =>
        entry !== null &&
        typeof entry === 'object' &&
        !Array.isArray(entry) &&
        typeof entry.name === 'string' &&
        entry.name.length > 0 &&
        Object.entries(entry).every(([key, value]) => fields.includes(key) && typeof value === 'string'),
    )
  );
}
