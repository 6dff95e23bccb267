import { invalidCursor, openCursor } from '@app/platform';

/** One page of a list (api.md: `{ items, nextCursor }`). */
export interface AuditPage<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_AUDIT_PAGE_SIZE = 20;
export const MAX_AUDIT_PAGE_SIZE = 100;

type Tag = 'audit_events' | 'audit_checkpoints';

/**
 * Opaque keyset cursor: the seq of the last item served, tagged with the list it came from. The next
 * page is `seq < that` on an index ending in seq: no OFFSET, no count, and events appended meanwhile
 * never shift a page.
 */
export function encodeSeqCursor(tag: Tag, seq: number): string {
  return Buffer.from(JSON.stringify([tag, String(seq)]), 'utf8').toString('base64url');
}

export function decodeSeqCursor(tag: Tag, cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  const parsed = openCursor(cursor, 200);
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== tag || typeof parsed[1] !== 'string')
    throw invalidCursor();
  if (!/^[1-9][0-9]{0,15}$/.test(parsed[1])) throw invalidCursor();
  const seq = Number(parsed[1]);
  if (!Number.isSafeInteger(seq)) throw invalidCursor();
  return seq;
}

/** Rows were fetched with limit + 1: the extra one only says whether another page follows. */
export function toSeqPage<R extends { seq: number }, T>(
  tag: Tag,
  rows: R[],
  limit: number,
  view: (row: R) => T,
): AuditPage<T> {
  const more = rows.length > limit;
  const served = more ? rows.slice(0, limit) : rows;
  return {
    items: served.map(view),
    nextCursor: more ? encodeSeqCursor(tag, served[served.length - 1].seq) : null,
  };
}
