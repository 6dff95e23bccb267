import { ValidationFailedError } from '@app/platform';
import { decodeCursor, encodeCursor, toPage } from './page';

describe('keyset cursors', () => {
  const position = { at: '2026-11-28T05:07:44.525123Z', id: '4b8a6f0e-3c1d-4e2f-9a0b-1c2d3e4f5a6b' };

  it('round-trips a position exactly, microseconds included', () => {
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('treats an absent cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['not base64 JSON', 'bm9wZQ'],
    ['an empty array', Buffer.from('[]').toString('base64url')],
    ['a non-UUID id', Buffer.from(JSON.stringify([position.at, "1' OR 1=1"])).toString('base64url')],
    ['a non-timestamp', Buffer.from(JSON.stringify(['yesterday', position.id])).toString('base64url')],
    ['an object', Buffer.from(JSON.stringify({ at: position.at, id: position.id })).toString('base64url')],
  ])('refuses %s with a 400 on the cursor field', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(ValidationFailedError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as ValidationFailedError).errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it('serves limit rows and a cursor only when a further row exists', () => {
    const rows = [1, 2, 3].map((n) => ({ id: `${n}`, cursorAt: `t${n}`, value: n }));
    const page = toPage(rows, 2, (r) => r.value);
    expect(page.items).toEqual([1, 2]);
    expect(decodeURIComponent(page.nextCursor ?? '')).toBe(encodeCursor({ at: 't2', id: '2' }));
    expect(toPage(rows.slice(0, 2), 2, (r) => r.value).nextCursor).toBeNull();
  });
});
