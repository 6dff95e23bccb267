import { ValidationFailedError } from '@app/platform';

/** One page of a list (api.md: `{ items, nextCursor }`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** Keyset position: the sort key of the last row served, exactly as PostgreSQL printed it, and its id. */
export interface KeysetPosition {
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** An opaque cursor from a client; anything we did not make is a 400 on `cursor`, never a 500. */
export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [at, id] = value;
      if (typeof at === 'string' && TIMESTAMP.test(at) && typeof id === 'string' && UUID.test(id)) return { at, id };
    }
  } catch {
    // fall through
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
}

/** Rows were fetched with limit + 1: the extra one only says whether another page exists. */
export function toPage<R extends { cursorAt: string; id: string }, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const served = more ? rows.slice(0, limit) : rows;
  const last = served[served.length - 1];
  return { items: served.map(map), nextCursor: more && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null };
}

/** SQL for the keyset sort key, printed in UTC with microseconds so the next page neither skips nor repeats a row. */
export const CURSOR_AT_SQL = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
