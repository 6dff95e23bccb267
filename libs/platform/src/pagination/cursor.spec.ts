import { ValidationFailedError } from '../errors/domain-error';
import {
  cursorField,
  decodeCursor,
  decodePosition,
  encodeCursor,
  MAX_CURSOR_LENGTH,
  positionCursor,
} from './cursor';

const ID = '6f1c7f4e-1f7e-4c1d-9a53-0d3f0c1b2a11';
const AT = '2026-03-04T05:06:07.089Z';
const PG_AT = '2026-11-28T05:07:44.525123Z';

function refusal(run: () => unknown): ValidationFailedError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).errors).toEqual([
      { field: 'cursor', message: 'cursor is not one this list issued; start again without it' },
    ]);
    return error as ValidationFailedError;
  }
  throw new Error('expected a ValidationFailedError');
}

const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursors', () => {
  it('round-trips a key of strings, numbers and null, in the URL-safe alphabet', () => {
    const cursor = encodeCursor('queue', [1, null, AT, ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('queue', cursor, 4)).toEqual([1, null, AT, ID]);
  });

  it('keeps a PostgreSQL timestamp to the microsecond', () => {
    const [at] = decodeCursor('users', encodeCursor('users', [PG_AT, ID]), 2);
    expect(cursorField.timestamp(at)).toBe(PG_AT);
  });

  it('refuses a cursor issued by another list, with the one cursor text', () => {
    refusal(() => decodeCursor('consultations', encodeCursor('messages', [AT, ID]), 2));
  });

  it.each([
    ['an empty string', ''],
    ['characters outside base64url', 'abc+/='],
    ['not base64 JSON', 'bm9wZQ'],
    ['base64 of non-JSON', Buffer.from('{nope').toString('base64url')],
    ['an empty array', forge([])],
    ['a JSON object', forge({ at: AT, id: ID })],
    ['too few values', forge(['consultations', AT])],
    ['too many values', forge(['consultations', AT, ID, 1])],
    ['no list name', forge([AT, ID])],
    ['a very long cursor', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
  ])('refuses %s', (_what, cursor) => {
    refusal(() => decodeCursor('consultations', cursor, 2));
  });
});

describe('cursor fields', () => {
  it('reads each kind of value', () => {
    expect(cursorField.timestamp(PG_AT)).toBe(PG_AT);
    expect(cursorField.timestamp('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z');
    expect(cursorField.date(AT)).toEqual(new Date(AT));
    expect(cursorField.uuid(ID)).toBe(ID);
    expect(cursorField.integer(3, 0, 3)).toBe(3);
  });

  it.each([
    ['a date that is not ISO', '2026-03-04'],
    ['an impossible date', '2026-13-45T99:99:99.999Z'],
    ['February 30th', '2026-02-30T00:00:00.000000Z'],
    ['the year 0', '0000-01-01T00:00:00Z'],
    ['a number', 5],
  ])('refuses a timestamp that is %s', (_what, value) => {
    refusal(() => cursorField.timestamp(value));
  });

  it('reads as a Date only what JavaScript prints', () => {
    refusal(() => cursorField.date(PG_AT));
    refusal(() => cursorField.date('+275760-09-13T00:00:00.000Z'));
  });

  it.each([
    ['SQL', "1' OR 1=1 --"],
    ['a number', 5],
    ['null', null],
  ])('refuses an id that is %s', (_what, value) => {
    refusal(() => cursorField.uuid(value));
  });

  it.each([
    ['below the range', -1],
    ['above the range', 4],
    ['fractional', 1.5],
    ['a string', '1'],
    ['beyond a safe integer', 2 ** 53],
  ])('refuses an integer %s', (_what, value) => {
    refusal(() => cursorField.integer(value, 0, 3));
  });
});

describe('keyset positions', () => {
  it('round-trips the printed sort key and id of a row, microseconds included', () => {
    const cursor = positionCursor('users')({ cursorAt: PG_AT, id: ID });
    expect(decodePosition('users', cursor)).toEqual({ at: PG_AT, id: ID });
  });

  it('treats an absent cursor as the first page', () => {
    expect(decodePosition('users', undefined)).toBeNull();
  });

  it.each([
    ['another list', positionCursor('organizations')({ cursorAt: PG_AT, id: ID })],
    ['a non-UUID id', forge(['users', PG_AT, "1' OR 1=1"])],
    ['a non-timestamp', forge(['users', 'yesterday', ID])],
  ])('refuses a cursor of %s', (_what, cursor) => {
    refusal(() => decodePosition('users', cursor));
  });
});
