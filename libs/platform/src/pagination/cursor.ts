import { ValidationFailedError } from '../errors/domain-error';

/**
 * The one keyset cursor codec. A cursor is base64url JSON that the API made: the name of the list
 * that issued it, then the sort key of the last row served. The name makes a cursor from one list a
 * refusal on another. Anything else a client sends (wrong alphabet, length, encoding, JSON, list or
 * shape) is a 400 on `cursor` with one text, never a value that reaches SQL and fails there as a 500.
 */

/** A cursor's key values: strings (timestamps, ids), integers, or null (an absent deadline). */
export type CursorValue = string | number | null;

/** Longer than any cursor the API makes; `?cursor=` is capped at this length too. */
export const MAX_CURSOR_LENGTH = 512;

export function invalidCursor(): ValidationFailedError {
  return new ValidationFailedError([
    { field: 'cursor', message: 'cursor is not one this list issued; start again without it' },
  ]);
}

export function encodeCursor(list: string, key: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');
}

/**
 * The `arity` key values of a cursor `list` issued, still unchecked: read each with a `cursorField`
 * reader. Throws the 400 on `cursor` for anything else.
 */
export function decodeCursor(list: string, cursor: string, arity: number): unknown[] {
  if (
    typeof cursor !== 'string' ||
    cursor.length === 0 ||
    cursor.length > MAX_CURSOR_LENGTH ||
    !/^[A-Za-z0-9_-]+$/.test(cursor)
  ) {
    throw invalidCursor();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== arity + 1 || parsed[0] !== list) throw invalidCursor();
  return parsed.slice(1);
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/;
const JS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UTC timestamp as cursors carry them (milliseconds from JavaScript, microseconds from
 * PostgreSQL), naming a real instant between the years 1 and 9999: `2026-13-45T99:99:99Z` and
 * `0000-01-01T00:00:00Z` passed a pattern check and then failed PostgreSQL's cast.
 */
function isTimestamp(value: unknown): value is string {
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

/** Readers for one decoded key value each: the value, typed, or the 400 on `cursor`. */
export const cursorField = {
  /** A timestamp exactly as it was printed (microseconds kept), for a comparison in SQL. */
  timestamp(value: unknown): string {
    if (!isTimestamp(value)) throw invalidCursor();
    return value;
  },
  /** A timestamp JavaScript printed (`Date.toISOString()`), as a Date. */
  date(value: unknown): Date {
    if (!isTimestamp(value) || !JS_TIMESTAMP.test(value)) throw invalidCursor();
    return new Date(value);
  },
  uuid(value: unknown): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw invalidCursor();
    return value;
  },
  integer(value: unknown, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
      throw invalidCursor();
    return value;
  },
};

/**
 * SQL for a keyset sort key, printed in UTC with microseconds so the next page neither skips nor
 * repeats a row (a JavaScript Date would cut the microseconds off).
 */
export const CURSOR_AT_SQL = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The commonest key: a row's timestamp as PostgreSQL printed it (`CURSOR_AT_SQL`) and its id. */
export interface KeysetPosition {
  at: string;
  id: string;
}

/** The position a cursor of `list` names, or null for the first page. */
export function decodePosition(list: string, cursor: string | undefined): KeysetPosition | null {
  if (cursor === undefined) return null;
  const [at, id] = decodeCursor(list, cursor, 2);
  return { at: cursorField.timestamp(at), id: cursorField.uuid(id) };
}

/** The cursor after a row that carries its printed sort key as `cursorAt`, for `toPage`. */
export function positionCursor(list: string): (row: { cursorAt: string; id: string }) => string {
  return (row) => encodeCursor(list, [row.cursorAt, row.id]);
}
