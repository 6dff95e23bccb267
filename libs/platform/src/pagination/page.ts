import { ValidationFailedError } from '../errors/domain-error';

/** One page of a list (api.md: `{ items, nextCursor }`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `?limit=` and `?cursor=` as the API passes them on. */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The page size asked for: 20 when absent, else an integer from 1 to 100 or a 400 on `limit`. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationFailedError([
      { field: 'limit', message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}` },
    ]);
  }
  return limit;
}

/**
 * Splits rows fetched with `size + 1` into the page and the cursor after its last item: the extra
 * row only says whether another page follows.
 */
export function toPage<R, T>(
  rows: R[],
  size: number,
  view: (row: R) => T,
  cursorOf: (row: R) => string,
): Page<T> {
  const more = rows.length > size;
  const served = more ? rows.slice(0, size) : rows;
  return {
    items: served.map(view),
    nextCursor: more ? cursorOf(served[served.length - 1]) : null,
  };
}
