import { cursorField, decodeCursor, encodeCursor } from '@app/platform';

/**
 * The sort keys of the consultation lists, carried in platform's keyset cursors. The next page
 * continues strictly after the key (a row-value comparison on an index in the same order), so rows
 * inserted meanwhile never shift or repeat what the caller has already seen. Timestamps are
 * JavaScript's (milliseconds): these tables store milliseconds.
 */

/** Newest first: consultation and message lists. */
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

export function encodeCreatedCursor(list: 'consultations' | 'messages', key: CreatedKey): string {
  return encodeCursor(list, [key.createdAt.toISOString(), key.id]);
}

export function decodeCreatedCursor(list: 'consultations' | 'messages', cursor: string): CreatedKey {
  const [createdAt, id] = decodeCursor(list, cursor, 2);
  return { createdAt: cursorField.date(createdAt), id: cursorField.uuid(id) };
}

export function encodeQueueCursor(key: QueueKey): string {
  return encodeCursor('queue', [
    key.rank,
    key.slaDueAt ? key.slaDueAt.toISOString() : null,
    key.createdAt.toISOString(),
    key.id,
  ]);
}

export function decodeQueueCursor(cursor: string): QueueKey {
  const [rank, slaDueAt, createdAt, id] = decodeCursor('queue', cursor, 4);
  return {
    rank: cursorField.integer(rank, 0, 3),
    slaDueAt: slaDueAt === null ? null : cursorField.date(slaDueAt),
    createdAt: cursorField.date(createdAt),
    id: cursorField.uuid(id),
  };
}

/** Retention order: end time, then id (GET /retention/upcoming). */
export function encodeEndedCursor(key: { closedAt: Date; id: string }): string {
  return encodeCursor('retention', [key.closedAt.toISOString(), key.id]);
}

export function decodeEndedCursor(cursor: string): { closedAt: string; id: string } {
  const [closedAt, id] = decodeCursor('retention', cursor, 2);
  return { closedAt: cursorField.date(closedAt).toISOString(), id: cursorField.uuid(id) };
}
