import { DataSourceOptions } from 'typeorm';

export interface DatabaseConnectionSettings {
  url: string;
  poolSize?: number;
  /** Tests only: a role to switch to on connect (the apps log in as consult_app itself). */
  appRole?: string;
  /** PostgreSQL's statement_timeout, and (plus a margin) the client's own read timeout. 0: none. */
  statementTimeoutMs?: number;
  /** Opening a connection, or waiting for one from a full pool. */
  connectTimeoutMs?: number;
  /** An idle pooled connection is closed after this. */
  idleTimeoutMs?: number;
  /** TCP keepalive probes begin after this much silence on a connection. */
  keepAliveDelayMs?: number;
}

/** Defaults of the settings above (the environment's defaults; see environment.ts). */
export const DATABASE_TIMEOUT_DEFAULTS = {
  statementTimeoutMs: 15_000,
  connectTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  keepAliveDelayMs: 10_000,
};

/**
 * A frozen server (or a network that drops packets) never answers, so PostgreSQL's own
 * statement_timeout never fires; the client gives up this much later than the server would.
 */
const CLIENT_READ_MARGIN_MS = 5_000;

/**
 * pg's connection settings: statement and read timeouts, connect and idle timeouts, TCP keepalive.
 * Shared by the pool and by single clients (the outbox relay's listening connection).
 */
export function pgClientSettings(settings: Omit<DatabaseConnectionSettings, 'url' | 'poolSize'>) {
  const s = { ...DATABASE_TIMEOUT_DEFAULTS, ...settings };
  return {
    connectionTimeoutMillis: s.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: s.keepAliveDelayMs,
    ...(s.statementTimeoutMs > 0
      ? {
          statement_timeout: s.statementTimeoutMs,
          query_timeout: s.statementTimeoutMs + CLIENT_READ_MARGIN_MS,
        }
      : {}),
    options: s.appRole ? `-c role=${s.appRole}` : undefined,
  };
}

/** One place that turns settings into TypeORM options; used by the API, the worker, the CLI and tests. */
export function databaseOptions(settings: DatabaseConnectionSettings): DataSourceOptions {
  const { url, poolSize, ...rest } = settings;
  return {
    type: 'postgres',
    url,
    synchronize: false,
    // Extensions come from migrations; TypeORM must not try CREATE EXTENSION for entities' uuid columns.
    installExtensions: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: false,
    extra: {
      max: poolSize ?? 10,
      idleTimeoutMillis: rest.idleTimeoutMs ?? DATABASE_TIMEOUT_DEFAULTS.idleTimeoutMs,
      ...pgClientSettings(rest),
    },
  };
}
