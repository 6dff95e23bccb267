import { ValidationFailedError } from '@app/platform';
import {
  decodeCreatedCursor,
  decodeEndedCursor,
  decodeQueueCursor,
  encodeCreatedCursor,
  encodeEndedCursor,
  encodeQueueCursor,
} from './list-keys';

const ID = '6f1c7f4e-1f7e-4c1d-9a53-0d3f0c1b2a11';
const AT = new Date('2026-03-04T05:06:07.089Z');

const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('consultation list keys', () => {
  it('round-trips a created-at key', () => {
    const cursor = encodeCreatedCursor('consultations', { createdAt: AT, id: ID });
    expect(decodeCreatedCursor('consultations', cursor)).toEqual({ createdAt: AT, id: ID });
  });

  it('round-trips a queue key, with and without a deadline', () => {
    for (const slaDueAt of [AT, null]) {
      const key = { rank: 1, slaDueAt, createdAt: AT, id: ID };
      expect(decodeQueueCursor(encodeQueueCursor(key))).toEqual(key);
    }
  });

  it('round-trips a retention key', () => {
    expect(decodeEndedCursor(encodeEndedCursor({ closedAt: AT, id: ID }))).toEqual({
      closedAt: AT.toISOString(),
      id: ID,
    });
  });

  it('refuses a cursor issued by another list', () => {
    const messages = encodeCreatedCursor('messages', { createdAt: AT, id: ID });
    expect(() => decodeCreatedCursor('consultations', messages)).toThrow(ValidationFailedError);
    expect(() => decodeQueueCursor(messages)).toThrow(ValidationFailedError);
  });

  it.each([
    ['a rank below 0', -1],
    ['a rank above 3', 4],
    ['a fractional rank', 1.5],
    ['a string rank', '1'],
  ])('refuses a queue cursor with %s', (_what, rank) => {
    expect(() => decodeQueueCursor(forge(['queue', rank, null, AT.toISOString(), ID]))).toThrow(
      ValidationFailedError,
    );
  });

  it('refuses a created-at key with microseconds or a non-UUID id', () => {
    for (const key of [
      ['consultations', '2026-03-04T05:06:07.089123Z', ID],
      ['consultations', AT.toISOString(), "1' OR 1=1 --"],
    ])
      expect(() => decodeCreatedCursor('consultations', forge(key))).toThrow(ValidationFailedError);
  });
});
