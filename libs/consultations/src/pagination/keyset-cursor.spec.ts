import { ValidationFailedError } from '@app/platform';
import {
  decodeCreatedCursor,
  decodeQueueCursor,
  encodeCreatedCursor,
  encodeQueueCursor,
  pageSize,
  toPage,
} from './keyset-cursor';

const ID = '6f1c7f4e-1f7e-4c1d-9a53-0d3f0c1b2a11';
const AT = new Date('2026-03-04T05:06:07.089Z');

function refusal(run: () => unknown): ValidationFailedError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    return error as ValidationFailedError;
  }
  throw new Error('expected a ValidationFailedError');
}

describe('keyset cursors', () => {
  it('round-trips a created-at key', () => {
    const cursor = encodeCreatedCursor('consultations', { createdAt: AT, id: ID });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCreatedCursor('consultations', cursor)).toEqual({ createdAt: AT, id: ID });
  });

  it('round-trips a queue key, with and without a deadline', () => {
    for (const slaDueAt of [AT, null]) {
      const key = { rank: 1, slaDueAt, createdAt: AT, id: ID };
      expect(decodeQueueCursor(encodeQueueCursor(key))).toEqual(key);
    }
  });

  it('refuses a cursor issued by another list', () => {
    const messages = encodeCreatedCursor('messages', { createdAt: AT, id: ID });
    expect(refusal(() => decodeCreatedCursor('consultations', messages)).errors).toEqual([
      { field: 'cursor', message: expect.stringMatching(/not one this list issued/) },
    ]);
    refusal(() => decodeQueueCursor(messages));
  });

  const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['an empty string', ''],
    ['characters outside base64url', 'abc+/='],
    ['base64 of non-JSON', Buffer.from('{nope').toString('base64url')],
    ['a JSON object', forge({ createdAt: AT.toISOString(), id: ID })],
    ['too few values', forge(['consultations', AT.toISOString()])],
    ['a date that is not ISO', forge(['consultations', '2026-03-04', ID])],
    ['an impossible date', forge(['consultations', '2026-13-45T99:99:99.999Z', ID])],
    ['an id that is not a UUID', forge(['consultations', AT.toISOString(), "1' OR 1=1 --"])],
    ['a number for the id', forge(['consultations', AT.toISOString(), 5])],
    ['a very long cursor', 'A'.repeat(600)],
  ])('refuses %s', (_what, cursor) => {
    refusal(() => decodeCreatedCursor('consultations', cursor));
  });

  it.each([
    ['a rank below 0', -1],
    ['a rank above 3', 4],
    ['a fractional rank', 1.5],
    ['a string rank', '1'],
  ])('refuses a queue cursor with %s', (_what, rank) => {
    refusal(() => decodeQueueCursor(forge(['queue', rank, null, AT.toISOString(), ID])));
  });
});

describe('pageSize and toPage', () => {
  it('defaults to 20 and accepts 1..100', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(100)).toBe(100);
    for (const bad of [0, 101, 2.5, Number.NaN])
      expect(refusal(() => pageSize(bad)).errors?.[0].field).toBe('limit');
  });

  it('gives a next cursor only when one more row than the page was found', () => {
    const rows = [1, 2, 3];
    expect(
      toPage(
        rows,
        2,
        (n) => n * 10,
        (n) => `after-${n}`,
      ),
    ).toEqual({ items: [10, 20], nextCursor: 'after-2' });
    expect(
      toPage(
        rows,
        3,
        (n) => n,
        (n) => `after-${n}`,
      ),
    ).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
