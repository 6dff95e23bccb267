import { ValidationFailedError } from '@app/platform';
import { decodeSeqCursor, seqCursor } from './seq-cursor';

const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('audit seq cursors', () => {
  it('round-trips the seq of the last row served', () => {
    expect(decodeSeqCursor('audit_events', seqCursor('audit_events')({ seq: 42 }))).toBe(42);
    expect(decodeSeqCursor('audit_events', undefined)).toBeNull();
  });

  it.each([
    ['another list', seqCursor('audit_checkpoints')({ seq: 42 })],
    [
      'a seq beyond a safe integer',
      Buffer.from('["audit_events",99999999999999999999]').toString('base64url'),
    ],
    ['a seq as a string', forge(['audit_events', '42'])],
    ['seq 0', forge(['audit_events', 0])],
  ])('refuses %s', (_what, cursor) => {
    expect(() => decodeSeqCursor('audit_events', cursor)).toThrow(ValidationFailedError);
  });
});
