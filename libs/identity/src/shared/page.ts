import { invalidCursor, isCursorTimestamp, isCursorUuid, openCursor } from '@app/platform';

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

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** An opaque cursor from a client; anything we did not make is a 400 on `cursor`, never a 500. */
export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (cursor === undefined) return null;
  const value = openCursor(cursor);
  if (Array.isArray(value) && value.length === 2) {
    const [at, id] = value;
    if (isCursorTimestamp(at) && isCursorUuid(id)) return { at, id };
  }
  throw invalidCursor();
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
