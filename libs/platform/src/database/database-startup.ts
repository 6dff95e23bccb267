import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseUnavailable } from './database-unavailable';

/** The part of a pino logger the wait uses. */
export interface StartupLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface StartupWait {
  log: StartupLog;
  /** Give up after this many seconds; 0: wait forever. */
  timeoutSeconds: number;
  /** Refuse a superuser connection (production), instead of warning about it. */
  refuseSuperuser: boolean;
  /** First and longest pause between attempts (tests shorten them). */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** Where the database is, for log lines: host, port and database name, never the user or password. */
export function databaseLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects the API's or worker's DataSource, waiting for a database that is down or still starting
 * (refused, unreachable, starting up, too many connections) with exponential backoff (1 s doubling
 * to 30 s), one warn line per attempt, for at most `timeoutSeconds` (0: forever). Anything else
 * (wrong password, unknown database, bad configuration) fails at once: waiting would not fix it.
 * Once connected, a session role that is a superuser is refused (production) or warned about: the
 * app must log in as consult_app, whom `RESET ROLE` cannot turn into anything stronger.
 */
export async function connectWhenReachable(
  options: DataSourceOptions,
  wait: StartupWait,
): Promise<DataSource> {
  const started = Date.now();
  const url = (options as { url?: string }).url ?? '';
  const firstDelay = wait.firstDelayMs ?? 1000;
  const maxDelay = wait.maxDelayMs ?? 30_000;
  for (let attempt = 1; ; attempt++) {
    const dataSource = new DataSource(options);
    try {
      await dataSource.initialize();
    } catch (error) {
      await (dataSource.driver as unknown as { disconnect(): Promise<void> })
        .disconnect()
        .catch(() => undefined);
      const failure = databaseUnavailable(error);
      if (!failure) throw error;
      const delayMs = Math.min(firstDelay * 2 ** (attempt - 1), maxDelay);
      const waitedMs = Date.now() - started;
      const fields = { database: databaseLocation(url), attempt, cause: failure };
      if (wait.timeoutSeconds > 0 && waitedMs + delayMs > wait.timeoutSeconds * 1000) {
        wait.log.error(fields, `database not reachable after ${Math.round(waitedMs / 1000)} s; giving up`);
        throw new Error(
          `the database at ${databaseLocation(url)} was not reachable within DATABASE_START_TIMEOUT_SECONDS (${wait.timeoutSeconds})`,
          { cause: error },
        );
      }
      wait.log.warn(
        { ...fields, retryInMs: delayMs },
        'database not reachable; waiting for it before starting',
      );
      await sleep(delayMs);
      continue;
    }
    if (attempt > 1)
      wait.log.info({ database: databaseLocation(url), attempt }, 'database reachable; starting');
    await checkNotSuperuser(dataSource, wait);
    return dataSource;
  }
}

async function checkNotSuperuser(dataSource: DataSource, wait: StartupWait): Promise<void> {
  const rows: { role: string; rolsuper: boolean }[] = await dataSource.query(
    `SELECT rolname AS role, rolsuper FROM pg_roles WHERE rolname = session_user`,
  );
  if (!rows[0]?.rolsuper) return;
  const message = `DATABASE_URL logs in as the superuser ${rows[0].role}; use the consult_app role (README: Database roles)`;
  if (wait.refuseSuperuser) {
    await dataSource.destroy();
    throw new Error(message);
  }
  wait.log.warn({ role: rows[0].role }, message);
}
