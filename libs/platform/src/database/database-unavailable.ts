/**
 * Whether an error means "the database cannot answer right now" (down, restarting, unreachable,
 * too slow), as opposed to a bug or a refused statement. Such failures are answered 503 with
 * Retry-After and logged once at warn, not as an unexpected 500 with a stack.
 */

/** Socket-level failures of the connection to PostgreSQL. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P05 (shut down, crashed, starting
 * up, dropped, idle-session timeout), 57014 (statement timeout or cancel), 53300 (too many connections).
 */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-5]|57014|53300)$/;

/** Errors pg and pg-pool raise without a code when a connection fails or a timeout lapses. */
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /not queryable/,
  /^Client was closed and is not queryable/,
];

export interface DatabaseFailure {
  /** SQLSTATE or socket error code, when there is one. */
  code?: string;
  /** The driver's message (never carries SQL parameters). */
  message: string;
}

/** The database failure behind `error` (through TypeORM's driverError, `cause` and AggregateError), if any. */
export function databaseUnavailable(error: unknown, depth = 0): DatabaseFailure | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const e = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : '';
  if (code && (NETWORK_CODES.has(code) || SQLSTATE.test(code)))
    return { code, message: message.slice(0, 200) };
  if (!code && MESSAGES.some((m) => m.test(message))) return { message: message.slice(0, 200) };
  for (const inner of [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = databaseUnavailable(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}
