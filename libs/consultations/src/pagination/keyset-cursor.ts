import {
  invalidCursor,
  isCursorTimestamp,
  isCursorUuid,
  openCursor,
  ValidationFailedError,
} from '@app/platform';

/**
 * Opaque keyset cursors: the sort key of the last item of a page, base64url-encoded JSON with a
 * tag naming the sort, so a cursor from one list is refused by another. The next page continues
 * strictly after that key (a row-value comparison on an index in the same order), so rows
 * inserted meanwhile never shift or repeat what the caller has already seen.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Newest first: consultation lists. */
export interface CreatedKey {
  createdAt: Date;
  id: string;
}

/** Triage queue order: priority rank, deadline (none = infinity), age, id. */
export interface QueueKey {
  rank: number;
  slaDueAt: Date | null;
  createdAt: Date;
  id: string;
}

type Tag = 'consultations' | 'queue' | 'messages' | 'retention';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function encode(tag: Tag, values: unknown[]): string {
  return Buffer.from(JSON.stringify([tag, ...values]), 'utf8').toString('base64url');
}

function decode(tag: Tag, cursor: string, arity: number): unknown[] {
  const parsed = openCursor(cursor);
  if (!Array.isArray(parsed) || parsed.length !== arity + 1 || parsed[0] !== tag) throw invalidCursor();
  return parsed.slice(1);
}

function date(value: unknown): Date {
  if (!isCursorTimestamp(value) || !ISO.test(value)) throw invalidCursor();
  return new Date(value);
}

function uuid(value: unknown): string {
  if (!isCursorUuid(value)) throw invalidCursor();
  return value;
}

export function encodeCreatedCursor(tag: 'consultations' | 'messages', key: CreatedKey): string {
  return encode(tag, [key.createdAt.toISOString(), key.id]);
}

export function decodeCreatedCursor(tag: 'consultations' | 'messages', cursor: string): CreatedKey {
  const [createdAt, id] = decode(tag, cursor, 2);
  return { createdAt: date(createdAt), id: uuid(id) };
}

export function encodeQueueCursor(key: QueueKey): string {
  return encode('queue', [
    key.rank,
    key.slaDueAt ? key.slaDueAt.toISOString() : null,
    key.createdAt.toISOString(),
    key.id,
  ]);
}

export function decodeQueueCursor(cursor: string): QueueKey {
  const [rank, slaDueAt, createdAt, id] = decode('queue', cursor, 4);
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 0 || rank > 3) throw invalidCursor();
  return {
    rank,
    slaDueAt: slaDueAt === null ? null : date(slaDueAt),
    createdAt: date(createdAt),
    id: uuid(id),
  };
}

/** The page size to fetch: one more than asked, so a full page knows whether another follows. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationFailedError([
      { field: 'limit', message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}` },
    ]);
  }
  return limit;
}

/** Splits a fetched `size + 1` rows into the page and the cursor after its last item. */
export function toPage<R, T>(
  rows: R[],
  size: number,
  view: (row: R) => T,
  cursorOf: (row: R) => string,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > size;
  const pageRows = more ? rows.slice(0, size) : rows;
  return {
    items: pageRows.map(view),
    nextCursor: more ? cursorOf(pageRows[pageRows.length - 1]) : null,
  };
}

/** Retention order: end time, then id (GET /retention/upcoming). */
export function encodeEndedCursor(key: { closedAt: Date; id: string }): string {
  return encode('retention', [key.closedAt.toISOString(), key.id]);
}

export function decodeEndedCursor(cursor: string): { closedAt: string; id: string } {
  const [closedAt, id] = decode('retention', cursor, 2);
  return { closedAt: date(closedAt).toISOString(), id: uuid(id) };
}
