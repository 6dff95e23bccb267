import { ValidationFailedError } from '../errors/domain-error';

/**
 * The one way a list cursor from a client is opened: every list's cursor is base64url JSON that
 * the API made, and anything else (wrong alphabet, length, encoding, JSON or shape) is a 400 on
 * `cursor`, never a value that reaches SQL and fails there as a 500.
 */
export function invalidCursor(): ValidationFailedError {
  return new ValidationFailedError([
    { field: 'cursor', message: 'cursor is not one this list issued; start again without it' },
  ]);
}

/** The JSON inside a cursor, or a 400 on `cursor`. */
export function openCursor(cursor: string, maxLength = 512): unknown {
  if (
    typeof cursor !== 'string' ||
    cursor.length === 0 ||
    cursor.length > maxLength ||
    !/^[A-Za-z0-9_-]+$/.test(cursor)
  ) {
    throw invalidCursor();
  }
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/;

/**
 * A UTC timestamp as the API prints them in cursors (milliseconds from JavaScript, microseconds
 * from PostgreSQL), naming a real instant between the years 1 and 9999: `2026-13-45T99:99:99Z` and
 * `0000-01-01T00:00:00Z` passed a pattern check and then failed PostgreSQL's cast.
 */
export function isCursorTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const parts = TIMESTAMP.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  if (year < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isCursorUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
