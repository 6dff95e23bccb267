import { IntVariable } from './number-variables';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import type { ConfigSchema } from './config-schema';

/**
 * The platform's own environment variables: process, HTTP, database, Redis and queues, logging,
 * encryption keys, the business calendar. Each feature lib declares its own in `<feature>.config.ts`
 * (a ConfigSchema); the apps pass those to `validateEnvironment`, which checks them all at once.
 * Defaults here are development defaults; secrets have none in production. `.env.example` documents
 * each variable; keep the two in step.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IntVariable(1, 65535)
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

  @IntVariable(1, 200)
  DATABASE_POOL_SIZE = 10;

  /** PostgreSQL cancels a statement that runs longer (statement_timeout); the request answers 503. 0: no limit. */
  @IntVariable(0, 3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 15_000;

  /** Opening a connection, or waiting for a free one from the pool, fails after this (503). */
  @IntVariable(100, 120_000)
  DATABASE_CONNECT_TIMEOUT_MS = 5_000;

  /** A pooled connection idle this long is closed. */
  @IntVariable(1_000, 3_600_000)
  DATABASE_IDLE_TIMEOUT_MS = 30_000;

  /** TCP keepalive probes start after a connection is this quiet, so a dead peer is noticed. */
  @IntVariable(1_000, 3_600_000)
  DATABASE_KEEPALIVE_DELAY_MS = 10_000;

  /**
   * At start, the API and worker wait for an unreachable database, retrying with backoff (1 s
   * doubling to 30 s), for at most this many seconds, then exit. 0: wait forever.
   */
  @IntVariable(0, 86_400)
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

  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'must be comma-separated keyId:base64key pairs, each key 32 bytes',
  })
  ENCRYPTION_KEYS: string;

  /** The relay's polling interval, a fallback: it is woken by a notification when a job is committed. */
  @IntVariable(10, 60000)
  OUTBOX_POLL_MS = 100;

  /** Published outbox rows are kept this long (to look into what was sent), then deleted by the worker. */
  @IntVariable(1, 24 * 366)
  OUTBOX_RETENTION_HOURS = 168;

  /** How often the worker's housekeeping runs (old outbox rows, expired Idempotency-Keys). */
  @IntVariable(1, 24 * 3600)
  HOUSEKEEPING_EVERY_SECONDS = 3600;

  /** Swagger UI at /api/docs and the document at /api/docs-json. Unset: on, except with NODE_ENV=production. */
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  SWAGGER_ENABLED?: boolean;

  @IntVariable(1024, 10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** The body limit of every route under /api/v1/auth/ (login, refresh, logout, ...): their bodies are a few short strings, and anyone may send them. */
  @IntVariable(1024, 1024 * 1024)
  AUTH_BODY_LIMIT_BYTES = 8 * 1024;

  /** How long a client may take to send a whole request, headers and body (Node's requestTimeout); then 408 and the connection is closed. */
  @IntVariable(100, 600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** How long a client may take to send the request headers (Node's headersTimeout); at most HTTP_REQUEST_TIMEOUT_MS. */
  @IntVariable(100, 600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** An idle keep-alive connection is closed after this long; behind a load balancer, set it above the balancer's idle timeout. */
  @IntVariable(100, 600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;

  /** A connection with no traffic in either direction for this long is destroyed (Fastify's connectionTimeout); longer than the slowest answer (audit verification). */
  @IntVariable(100, 3_600_000)
  HTTP_CONNECTION_TIMEOUT_MS = 120_000;

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

  /** How long GET /stats/queue waits for Redis before answering the queue counts as null. */
  @IntVariable(10, 5000)
  QUEUE_STATS_TIMEOUT_MS = 300;

  /**
   * Bull: how long a worker's lock on an active job lasts (renewed every half of it); a dead
   * worker's job is run again at most BULL_LOCK_DURATION_MS + BULL_STALLED_INTERVAL_MS after the
   * death (20 s by default). Shorter recovers sooner, but a worker whose event loop stalls longer
   * than this loses its job to another worker (handlers are idempotent) and a job stalled twice fails.
   */
  @IntVariable(500, 600_000)
  BULL_LOCK_DURATION_MS = 15_000;

  /** Bull: how often each worker looks for stalled jobs (active, with a lapsed lock) to run again: one small Redis script per queue. */
  @IntVariable(500, 600_000)
  BULL_STALLED_INTERVAL_MS = 5_000;

  /** The worker writes a heartbeat here every 10 s while its database answers (a container healthcheck reads it). Empty: none. */
  @IsOptional()
  @Matches(/^\/[\w./-]+$/, { message: 'must be an absolute file path' })
  WORKER_HEARTBEAT_FILE?: string;

  /**
   * The web app's public address (scheme, host, port), e.g. https://intake.example.org. Browser-session
   * calls with an Origin header must come from it. Empty: the address the request was made to.
   * Mails link to it (docs/mail.md); empty, they link to http://localhost:PORT (development only).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'must be an http(s) origin without a path, e.g. https://intake.example.org' })
  WEB_BASE_URL?: string;

  /**
   * The SMTP server mail goes through: `smtp://user:pass@host:port` (STARTTLS when the server
   * offers it) or `smtps://…` (TLS from the start). Unset: no email at all, nothing is queued. The
   * platform's, as two features ask whether email is on: mail (which sends) and identity (which
   * queues account-link mails).
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Where the built web app lives (index.html and assets/), relative to the working directory. */
  @IsString()
  WEB_DIST_DIR = 'dist/web';
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

/** A base64 key that decodes to exactly 32 bytes (the AES-256 and HMAC-SHA-256 keys). */
export const decodesTo32Bytes = (b64: string) => Buffer.from(b64, 'base64').length === 32;

export const platformConfig: ConfigSchema<Environment> = {
  variables: Environment,
  // Only for non-production: a well-known, useless-outside-a-laptop value.
  developmentSecrets: { ENCRYPTION_KEYS: 'dev1:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=' },
  problems(env, alreadyBad) {
    const problems: string[] = [];
    if (!alreadyBad.includes('ENCRYPTION_KEYS') && env.ENCRYPTION_KEYS) {
      const pairs = env.ENCRYPTION_KEYS.split(',').map((pair) => pair.split(':'));
      if (pairs.some(([, key]) => !decodesTo32Bytes(key)))
        problems.push('ENCRYPTION_KEYS each key must decode to exactly 32 bytes');
      if (new Set(pairs.map(([id]) => id)).size !== pairs.length)
        problems.push('ENCRYPTION_KEYS key ids must be unique');
    }
    if (env.NODE_ENV === 'production' && env.TRUST_PROXY === 'true') {
      problems.push(
        'TRUST_PROXY must be a hop count or proxy addresses/CIDRs in production: true trusts every X-Forwarded-For hop, so any client could choose its IP (throttling, audit)',
      );
    }
    if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
      problems.push('HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS');
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
    return problems;
  },
  finish(env) {
    // The API's description is for developers: production serves it only when asked to.
    env.SWAGGER_ENABLED ??= env.NODE_ENV !== 'production';
  },
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
