import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/**
 * Every environment variable the processes read, validated once at boot. Defaults here are
 * development defaults; secrets have none in production (see DEVELOPMENT_SECRETS).
 * `.env.example` documents each variable; keep the two in step.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /**
   * Behind a load balancer: trust X-Forwarded-For from these proxies (Fastify `trustProxy`: a hop
   * count, or comma-separated proxy addresses/CIDRs). Empty: the socket address is the client.
   * `true` (trust every hop, so any client can name its own IP) is refused in production.
   */
  @IsOptional()
  @Matches(/^[\w.:/]+(\s*,\s*[\w.:/]+)*$/, {
    message: 'must be a hop count or comma-separated proxy addresses/CIDRs',
  })
  TRUST_PROXY?: string;

  /**
   * What the API, the worker and the operator commands connect with: the application's login role
   * (`consult_app`, created by the migrations; not a superuser, no DDL, audit trail append-only).
   */
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://consult_app@127.0.0.1:5432/consult_intake';

  /**
   * What `npm run migrate` connects with: the role that owns the schema (creates tables, grants to
   * consult_app). Unset: outside production, DATABASE_URL as the local superuser `postgres` without a
   * password (trust auth on a developer machine); in production, DATABASE_URL itself.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_MIGRATION_URL?: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** PostgreSQL cancels a statement that runs longer (statement_timeout); the request answers 503. 0: no limit. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 15_000;

  /** Opening a connection, or waiting for a free one from the pool, fails after this (503). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(120_000)
  DATABASE_CONNECT_TIMEOUT_MS = 5_000;

  /** A pooled connection idle this long is closed. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  DATABASE_IDLE_TIMEOUT_MS = 30_000;

  /** TCP keepalive probes start after a connection is this quiet, so a dead peer is noticed. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  DATABASE_KEEPALIVE_DELAY_MS = 10_000;

  /**
   * At start, the API and worker wait for an unreachable database, retrying with backoff (1 s
   * doubling to 30 s), for at most this many seconds, then exit. 0: wait forever.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(86_400)
  DATABASE_START_TIMEOUT_SECONDS = 0;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key (Bull queues and throttling), so several deployments or test suites can share one Redis. */
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'must be 1-64 characters of letters, digits, : _ -' })
  REDIS_PREFIX = 'ci';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** `json` (one JSON object per line), `pretty` (readable, development), or `auto`: pretty on a terminal outside production. */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS = 900;

  @IsString()
  JWT_ISSUER = 'consult-intake';

  @IsString()
  JWT_AUDIENCE = 'consult-intake-api';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS = 14;

  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'must be comma-separated keyId:base64key pairs, each key 32 bytes',
  })
  ENCRYPTION_KEYS: string;

  @Matches(/^[A-Za-z0-9+/=]{43,44}$/, { message: 'must be base64 of 32 random bytes' })
  AUDIT_SIGNING_KEY: string;

  /** Write a signed audit checkpoint once this many events have been appended since the last one... */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  AUDIT_CHECKPOINT_EVERY_EVENTS = 1000;

  /** ...or once this many minutes have passed, if any event was appended since. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1440)
  AUDIT_CHECKPOINT_EVERY_MINUTES = 10;

  /** How often the worker checks whether a checkpoint is due (a repeatable job). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  AUDIT_CHECKPOINT_POLL_SECONDS = 15;

  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  THROTTLE_LOGIN_FAILURES = 10;

  /** Failed logins per account from ALL sources in one window: a ceiling against guessing spread over many addresses. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  THROTTLE_LOGIN_ACCOUNT_FAILURES = 100;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  THROTTLE_LOGIN_WINDOW_SECONDS = 900;

  /** Anonymous requests (no valid token; public routes other than login, refresh and health) per client IP per window. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  THROTTLE_ANONYMOUS_LIMIT = 300;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  THROTTLE_ANONYMOUS_WINDOW_SECONDS = 60;

  /** How often the API writes the aggregated refusal events of minutes that have ended (access.unauthenticated, throttled logins). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(60)
  AUDIT_REFUSALS_FLUSH_SECONDS = 10;

  /**
   * Seconds after a refresh in which the same client presenting the just-spent refresh token again
   * (two tabs refreshing at once) gets a new pair instead of having its login revoked. 0 disables.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_REUSE_WINDOW_SECONDS = 10;

  /**
   * Roles that must use a second factor (docs/api.md "Second factor"), comma-separated; empty: none
   * (kept as empty, not replaced by the default). Such a user without one enrols at their next login.
   */
  @Matches(/^\s*((requester|investigator|supervisor|admin)\s*(,\s*(requester|investigator|supervisor|admin)\s*)*)?$/, {
    message: 'must be a comma-separated list of requester, investigator, supervisor, admin (or empty for none)',
  })
  MFA_REQUIRED_ROLES = 'investigator,supervisor,admin';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  THROTTLE_IP_LIMIT = 100;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  THROTTLE_IP_WINDOW_SECONDS = 60;

  /** argon2id memory in KiB. OWASP's minimum (19 MiB with t=2) is the floor; stronger is allowed. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(19456)
  @Max(1048576)
  PASSWORD_HASH_MEMORY_KIB = 19456;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2)
  @Max(20)
  PASSWORD_HASH_ITERATIONS = 2;

  /** Password hashes computed at once per process; more wait their turn (each holds ~memory KiB of RAM and a core). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASH_CONCURRENCY = 4;

  /** The relay's polling interval, a fallback: it is woken by a notification when a job is committed. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  @Max(60000)
  OUTBOX_POLL_MS = 100;

  /** Published outbox rows are kept this long (to look into what was sent), then deleted by the worker. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 366)
  OUTBOX_RETENTION_HOURS = 168;

  /** How often the worker's housekeeping runs (old outbox rows, expired Idempotency-Keys). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  HOUSEKEEPING_EVERY_SECONDS = 3600;

  /** Swagger UI at /api/docs and the document at /api/docs-json. Unset: on, except with NODE_ENV=production. */
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  SWAGGER_ENABLED?: boolean;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** The body limit of every route under /api/v1/auth/ (login, refresh, logout, ...): their bodies are a few short strings, and anyone may send them. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024)
  AUTH_BODY_LIMIT_BYTES = 8 * 1024;

  /** How long a client may take to send a whole request, headers and body (Node's requestTimeout); then 408 and the connection is closed. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** How long a client may take to send the request headers (Node's headersTimeout); at most HTTP_REQUEST_TIMEOUT_MS. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** An idle keep-alive connection is closed after this long; behind a load balancer, set it above the balancer's idle timeout. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;

  /** A connection with no traffic in either direction for this long is destroyed (Fastify's connectionTimeout); longer than the slowest answer (audit verification). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  HTTP_CONNECTION_TIMEOUT_MS = 120_000;

  /** How long an intake Idempotency-Key is remembered (docs/api.md: 24 hours). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(720)
  IDEMPOTENCY_KEY_TTL_HOURS = 24;

  /**
   * Requests one requester may file in any 60 minutes (a sliding window); past it, 429 with
   * Retry-After, and supervisors are told (docs/api.md, POST /consultations).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1_000_000)
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

  // --- triage: deadlines, business hours, escalation, assignment, sweeping (docs/triage.md) ---

  /** First-response target of a `critical` request, in minutes around the clock. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  SLA_CRITICAL_MINUTES = 60;

  /** First-response target of a `high` request, in business minutes (4 business hours). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100_000)
  SLA_HIGH_BUSINESS_MINUTES = 240;

  /** First-response target of a `normal` request, in business days (of BUSINESS_HOURS_OPEN..CLOSE). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(60)
  SLA_NORMAL_BUSINESS_DAYS = 1;

  /** First-response target of a `low` request, in business days. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(60)
  SLA_LOW_BUSINESS_DAYS = 3;

  /** The deadline warning goes out when this share of the target has passed (0.75 = 75%). */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0.05)
  @Max(0.99)
  SLA_WARNING_FRACTION = 0.75;

  /** After a breach, supervisors are told again every this many minutes until someone takes the request. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SLA_ESCALATION_INTERVAL_MINUTES = 30;

  /** IANA time zone of the team's business hours. */
  @IsString()
  BUSINESS_HOURS_TIME_ZONE = 'Europe/Stockholm';

  /** Opening time, local `HH:MM`. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' })
  BUSINESS_HOURS_OPEN = '08:00';

  /** Closing time, local `HH:MM` (24:00 allowed), after the opening. */
  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'must be HH:MM' })
  BUSINESS_HOURS_CLOSE = '17:00';

  /** Working days as ISO weekdays, comma-separated: 1 = Monday .. 7 = Sunday. Swedish public holidays are always closed. */
  @Matches(/^[1-7](,[1-7]){0,6}$/, { message: 'must be comma-separated ISO weekdays 1..7' })
  BUSINESS_DAYS = '1,2,3,4,5';

  /** A critical request nobody has claimed after this many minutes is assigned to the suggested investigator. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  AUTO_ASSIGN_CRITICAL_AFTER_MINUTES = 10;

  /** How often the worker looks for requests still `submitted` (a repeatable job). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  TRIAGE_SWEEP_EVERY_SECONDS = 60;

  /** A request still `submitted` this long after filing is published to triage again. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  TRIAGE_SWEEP_AFTER_SECONDS = 120;

  /** How long GET /stats/queue waits for Redis before answering the queue counts as null. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  @Max(5000)
  QUEUE_STATS_TIMEOUT_MS = 300;

  /**
   * Bull: how long a worker's lock on an active job lasts (renewed every half of it); a dead
   * worker's job is run again at most BULL_LOCK_DURATION_MS + BULL_STALLED_INTERVAL_MS after the
   * death (20 s by default). Shorter recovers sooner, but a worker whose event loop stalls longer
   * than this loses its job to another worker (handlers are idempotent) and a job stalled twice fails.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(500)
  @Max(600_000)
  BULL_LOCK_DURATION_MS = 15_000;

  /** Bull: how often each worker looks for stalled jobs (active, with a lapsed lock) to run again: one small Redis script per queue. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(500)
  @Max(600_000)
  BULL_STALLED_INTERVAL_MS = 5_000;

  /** The worker writes a heartbeat here every 10 s while its database answers (a container healthcheck reads it). Empty: none. */
  @IsOptional()
  @Matches(/^\/[\w./-]+$/, { message: 'must be an absolute file path' })
  WORKER_HEARTBEAT_FILE?: string;

  /** A login not used for this many minutes ends; the web app warns and logs out after this long without use. */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0.1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 30;

  /** A login ends this many hours after it was opened, however much it is used. */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0.001)
  @Max(24 * 30)
  SESSION_MAX_HOURS = 12;

  /**
   * The web app's public address (scheme, host, port), e.g. https://intake.example.org. Browser-session
   * calls with an Origin header must come from it. Empty: the address the request was made to.
   * Mails link to it (docs/mail.md); empty, they link to http://localhost:PORT (development only).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'must be an http(s) origin without a path, e.g. https://intake.example.org' })
  WEB_BASE_URL?: string;

  // --- passkeys (WebAuthn, docs/accounts.md) ---

  /**
   * The WebAuthn relying party id passkeys are bound to: the web app's host name or a registrable
   * suffix of it (e.g. example.org for intake.example.org). Empty: the host of WEBAUTHN_ORIGIN.
   * Changing it later makes every registered passkey unusable.
   */
  @IsOptional()
  @Matches(/^(localhost|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/i, { message: 'must be a host name, e.g. intake.example.org' })
  WEBAUTHN_RP_ID?: string;

  /** The origin the browser signs in passkey ceremonies. Empty: WEB_BASE_URL, else the address the request was made to. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'must be an http(s) origin without a path, e.g. https://intake.example.org' })
  WEBAUTHN_ORIGIN?: string;

  /** The service's name an authenticator shows when a passkey is registered. */
  @IsString()
  @Length(1, 64)
  WEBAUTHN_RP_NAME = 'Konsultation';

  /** Where the built web app lives (index.html and assets/), relative to the working directory. */
  @IsString()
  WEB_DIST_DIR = 'dist/web';

  // --- email (docs/mail.md) ---

  /**
   * The SMTP server mail goes through: `smtp://user:pass@host:port` (STARTTLS when the server
   * offers it) or `smtps://…` (TLS from the start). Unset: no email at all, nothing is queued.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of every mail: `address` or `Name <address>`. */
  @Matches(/^([^<>\r\n]{1,100} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, {
    message: 'must be an address or "Name <address>"',
  })
  MAIL_FROM = 'Konsultation <no-reply@localhost>';

  /** How long one SMTP step (connect, greeting, each answer) may take before the attempt fails and is retried. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(500)
  @Max(300_000)
  MAIL_SEND_TIMEOUT_MS = 30_000;

  /** How often the worker looks for mails whose job was lost (a repeatable job). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  MAIL_SWEEP_EVERY_SECONDS = 300;

  /** A mail still unsent, and untouched by any attempt for this long, is published again. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  MAIL_SWEEP_AFTER_MINUTES = 60;

  /** How long an invitation's link (set your own password) stays valid, in hours (docs/accounts.md). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(720)
  INVITATION_TTL_HOURS = 72;

  /** Tests only (ignored unless NODE_ENV=test): the triage job waits this long before it writes, so a test can kill it mid-job. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(600_000)
  TRIAGE_TEST_DELAY_MS = 0;

  // --- single sign-on with OpenID Connect (docs/accounts.md "Single sign-on") ---

  /**
   * The OpenID Provider's issuer (its discovery document is at ISSUER/.well-known/openid-configuration).
   * Single sign-on is on when this and OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URL are
   * all set (https:// in production); unset, it is off.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' })
  OIDC_ISSUER?: string;

  /** This service's client id at the provider. */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,255}$/, { message: 'must be 1-255 visible ASCII characters' })
  OIDC_CLIENT_ID?: string;

  /** This service's client secret at the provider (client_secret_basic). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  OIDC_CLIENT_SECRET?: string;

  /** Where the provider sends the browser back: this service's /api/v1/auth/oidc/callback, registered at the provider. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+\/api\/v1\/auth\/oidc\/callback$/, {
    message: 'must be the http(s) URL of this service\'s /api/v1/auth/oidc/callback',
  })
  OIDC_REDIRECT_URL?: string;

  /**
   * An `acr` the ID token must carry (e.g. the provider's value for two-factor sign-in). Set, it is
   * asked for and required, and such a sign-in counts as the second factor. Unset: any acr.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,255}$/, { message: 'must be 1-255 visible ASCII characters' })
  OIDC_REQUIRED_ACR?: string;

  /** The provider's name on the login page's button ("Log in with …"), e.g. the municipality's. Unset: a generic label. */
  @IsOptional()
  @Matches(/^[^<>\r\n]{1,60}$/, { message: 'must be 1-60 characters on one line' })
  OIDC_DISPLAY_NAME?: string;

  // --- retention (docs/retention.md) ---

  /**
   * Closed and withdrawn requests are purged this many days after they ended, unless under legal
   * hold (default 730: two years, docs/retention.md on the records schedule).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(36500)
  RETENTION_CLOSED_DAYS = 730;

  /** How often the worker runs the purge (default daily). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  RETENTION_EVERY_SECONDS = 24 * 3600;

  /** Requests purged per transaction (each batch is whole or not at all). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1000)
  RETENTION_BATCH_SIZE = 100;

  /** Audit events older than this many days may be archived and pruned (`npm run audit:prune`). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(36500)
  AUDIT_RETENTION_DAYS = 1825;

  /**
   * Connection for `npm run audit:prune` only, as the maintenance role (consult_audit_maintenance)
   * that may remove an archived prefix of the trail; the services never use it. Unset: no pruning.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  AUDIT_MAINTENANCE_DATABASE_URL?: string;
}

/** Only for non-production: well-known, useless-outside-a-laptop values. */
const DEVELOPMENT_SECRETS: Partial<Record<keyof Environment, string>> = {
  JWT_SECRET: 'development-only-jwt-secret-change-me-0123456789',
  ENCRYPTION_KEYS: 'dev1:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=',
  AUDIT_SIGNING_KEY: 'ZGV2LW9ubHktYXVkaXQtc2lnbmluZy1rZXktMzJieXQ=',
};

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/**
 * The URL `npm run migrate` uses: DATABASE_MIGRATION_URL, else (outside production) DATABASE_URL as
 * the local superuser `postgres` without a password, else DATABASE_URL.
 */
export function migrationUrl(env: Environment): string {
  if (env.DATABASE_MIGRATION_URL) return env.DATABASE_MIGRATION_URL;
  if (env.NODE_ENV === 'production') return env.DATABASE_URL;
  const url = new URL(env.DATABASE_URL);
  url.username = 'postgres';
  url.password = '';
  return url.toString();
}

/** Validates raw environment variables; throws one error naming every offending variable. */
/** Variables whose empty value means something (none) rather than "use the default". */
const EMPTY_IS_A_VALUE = new Set(['MFA_REQUIRED_ROLES']);

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined && (value !== '' || EMPTY_IS_A_VALUE.has(key))) input[key] = value;
  }
  if (input.NODE_ENV !== 'production') {
    for (const [key, value] of Object.entries(DEVELOPMENT_SECRETS)) input[key] ??= value;
  }
  const env = plainToInstance(Environment, input, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  // Name the variable and the rule, never the value: it may be a secret.
  const problems = errors.map((e) => `${e.property} ${Object.values(e.constraints ?? {}).join(', ')}`);
  problems.push(
    ...crossFieldProblems(
      env,
      errors.map((e) => e.property),
    ),
  );
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  // The API's description is for developers: production serves it only when asked to.
  env.SWAGGER_ENABLED ??= env.NODE_ENV !== 'production';
  return env;
}

const is32Bytes = (b64: string) => Buffer.from(b64, 'base64').length === 32;

function crossFieldProblems(env: Environment, alreadyBad: string[]): string[] {
  const problems: string[] = [];
  if (!alreadyBad.includes('ENCRYPTION_KEYS') && env.ENCRYPTION_KEYS) {
    const pairs = env.ENCRYPTION_KEYS.split(',').map((pair) => pair.split(':'));
    if (pairs.some(([, key]) => !is32Bytes(key)))
      problems.push('ENCRYPTION_KEYS each key must decode to exactly 32 bytes');
    if (new Set(pairs.map(([id]) => id)).size !== pairs.length)
      problems.push('ENCRYPTION_KEYS key ids must be unique');
  }
  if (
    !alreadyBad.includes('AUDIT_SIGNING_KEY') &&
    env.AUDIT_SIGNING_KEY &&
    !is32Bytes(env.AUDIT_SIGNING_KEY)
  ) {
    problems.push('AUDIT_SIGNING_KEY must decode to exactly 32 bytes');
  }
  if (env.NODE_ENV === 'production' && env.TRUST_PROXY === 'true') {
    problems.push(
      'TRUST_PROXY must be a hop count or proxy addresses/CIDRs in production: true trusts every X-Forwarded-For hop, so any client could choose its IP (throttling, audit)',
    );
  }
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS');
  }
  if (Boolean(env.BOOTSTRAP_ADMIN_EMAIL) !== Boolean(env.BOOTSTRAP_ADMIN_PASSWORD)) {
    problems.push('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together');
  }
  if (
    !alreadyBad.includes('BUSINESS_HOURS_OPEN') &&
    !alreadyBad.includes('BUSINESS_HOURS_CLOSE') &&
    env.BUSINESS_HOURS_OPEN >= env.BUSINESS_HOURS_CLOSE
  ) {
    problems.push('BUSINESS_HOURS_OPEN must be before BUSINESS_HOURS_CLOSE');
  }
  if (!alreadyBad.includes('BUSINESS_HOURS_TIME_ZONE') && !isTimeZone(env.BUSINESS_HOURS_TIME_ZONE)) {
    problems.push('BUSINESS_HOURS_TIME_ZONE must be an IANA time zone, e.g. Europe/Stockholm');
  }
  if (!alreadyBad.includes('SMTP_URL') && env.SMTP_URL && !isSmtpUrl(env.SMTP_URL)) {
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL with a host');
  }
  const secureWebLink = env.WEB_BASE_URL?.startsWith('https://') ?? false;
  if (env.NODE_ENV === 'production' && env.SMTP_URL && !alreadyBad.includes('WEB_BASE_URL') && !secureWebLink) {
    problems.push('WEB_BASE_URL must be set to an https:// URL in production when email is on');
  }
  problems.push(...singleSignOnProblems(env));
  const passkeyOrigin = env.WEBAUTHN_ORIGIN ?? env.WEB_BASE_URL;
  if (env.WEBAUTHN_RP_ID && passkeyOrigin && !alreadyBad.some((v) => v.startsWith('WEB')) && !hostWithin(passkeyOrigin, env.WEBAUTHN_RP_ID)) {
    problems.push('WEBAUTHN_RP_ID must be the host of WEBAUTHN_ORIGIN (or WEB_BASE_URL) or a suffix of it');
  }
  if (!alreadyBad.includes('REFERRAL_RESOURCES') && !isReferralDirectory(env.REFERRAL_RESOURCES)) {
    problems.push(
      'REFERRAL_RESOURCES must be a JSON array of { name, phone?, url?, description? } with string values',
    );
  }
  return problems;
}

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const;

/** Single sign-on is all or nothing, and over https in production. */
function singleSignOnProblems(env: Environment): string[] {
  const set = OIDC_REQUIRED.filter((name) => env[name]);
  if (set.length === 0) {
    const extras = (['OIDC_REQUIRED_ACR', 'OIDC_DISPLAY_NAME'] as const).filter((name) => env[name]);
    return extras.map((name) => `${name} needs single sign-on (${OIDC_REQUIRED.join(', ')})`);
  }
  if (set.length < OIDC_REQUIRED.length) return [`${OIDC_REQUIRED.join(', ')} must be set together`];
  const insecure = (['OIDC_ISSUER', 'OIDC_REDIRECT_URL'] as const).filter((name) => !env[name]?.startsWith('https://'));
  return env.NODE_ENV === 'production' ? insecure.map((name) => `${name} must be an https:// URL in production`) : [];
}

/** The origin's host is the relying party id or a subdomain of it (WebAuthn's rule for RP ids). */
function hostWithin(origin: string, rpId: string): boolean {
  const host = new URL(origin).hostname.toLowerCase();
  const id = rpId.toLowerCase();
  return host === id || host.endsWith(`.${id}`);
}

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

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
