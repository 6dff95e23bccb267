import pino from 'pino';

/**
 * What a database error may say in a log line: which statement (its text has placeholders, never
 * values), which SQLSTATE, where in PostgreSQL and which constraint, table or column. Not its
 * `parameters` (TypeORM's QueryFailedError carries them: emails, names, case text), nor PostgreSQL's
 * `detail` (`Key (email)=(…) already exists`), `where` (`unnamed portal parameter $1 = '…'`),
 * `hint`, `internalQuery` or the copy of all of these in `driverError`.
 */
const DATABASE_FIELDS = [
  'query',
  'code',
  'severity',
  'routine',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
];

type Serialized = Record<string, unknown> & { message?: string; stack?: string };

/** PostgreSQL errors: an SQLSTATE (5 characters) and a severity, or TypeORM's wrapper with its query. */
function isDatabaseError(error: Record<string, unknown>): boolean {
  return (
    'parameters' in error ||
    'driverError' in error ||
    (typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) && typeof error.severity === 'string')
  );
}

/** Quoted input in PostgreSQL's messages (`invalid input syntax for type uuid: "…"`) is a parameter too. */
const withoutQuotedValues = (text: string | undefined) => text?.replace(/"[^"\n]*"/g, '"[redacted]"');

/**
 * pino's standard error serializer, except that database errors keep only DATABASE_FIELDS besides
 * their type, message and stack, and the message and stack lose quoted values. No log line carries
 * SQL parameters.
 */
export function serializeError(error: unknown): unknown {
  if (error === null || typeof error !== 'object') return error;
  const serialized = pino.stdSerializers.err(error as Error) as Serialized;
  if (!isDatabaseError(error as Record<string, unknown>)) return serialized;
  const safe: Serialized = {
    type: serialized.type,
    message: withoutQuotedValues(serialized.message),
    stack: withoutQuotedValues(serialized.stack),
  };
  for (const field of DATABASE_FIELDS) {
    if (serialized[field] !== undefined) safe[field] = serialized[field];
  }
  return safe;
}

/**
 * pino's logMethod hook: a line logged as `{ err }` without a message (nestjs-pino logs
 * `logger.error(error)` so) takes the error's own message as its `msg`, and a line may repeat it;
 * for a database error that message may quote a parameter.
 */
export function withoutDatabaseMessages(
  this: unknown,
  args: unknown[],
  method: (...args: unknown[]) => void,
): void {
  const [first, second] = args;
  if (first !== null && typeof first === 'object' && (second === undefined || typeof second === 'string')) {
    const error = (first as { err?: unknown }).err ?? (first as { error?: unknown }).error;
    if (error instanceof Error && isDatabaseError(error as unknown as Record<string, unknown>)) {
      args[1] = withoutQuotedValues(second ?? error.message);
    }
  }
  method.apply(this, args);
}
