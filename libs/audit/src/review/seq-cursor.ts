import { cursorField, decodeCursor, encodeCursor } from '@app/platform';

/**
 * The audit lists' keyset key: the seq of the last item served. The next page is `seq < that` on an
 * index ending in seq: no OFFSET, no count, and events appended meanwhile never shift a page.
 */
type SeqList = 'audit_events' | 'audit_checkpoints';

export function seqCursor(list: SeqList): (row: { seq: number }) => string {
  return (row) => encodeCursor(list, [row.seq]);
}

/** The seq a cursor of `list` names, or null for the first page. */
export function decodeSeqCursor(list: SeqList, cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  const [seq] = decodeCursor(list, cursor, 1);
  return cursorField.integer(seq, 1, Number.MAX_SAFE_INTEGER);
}
