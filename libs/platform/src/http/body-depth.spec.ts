import { bodyDepthExceeds, MAX_BODY_DEPTH, refuseDeepBody } from './body-depth';

const nestedArrays = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('bodyDepthExceeds', () => {
  it('accepts primitives, flat and moderately nested bodies', () => {
    expect(bodyDepthExceeds(null)).toBe(false);
    expect(bodyDepthExceeds('text')).toBe(false);
    expect(bodyDepthExceeds({ a: { b: { c: [1, 2, { d: true }] } } })).toBe(false);
    expect(bodyDepthExceeds(nestedArrays(MAX_BODY_DEPTH))).toBe(false);
  });

  it('flags a body one level deeper than the limit', () => {
    expect(bodyDepthExceeds(nestedArrays(MAX_BODY_DEPTH + 1))).toBe(true);
  });

  it('walks a 100,000-level body without overflowing the stack', () => {
    expect(bodyDepthExceeds(nestedArrays(100_000))).toBe(true);
  });

  it('refuses with a validation error', () => {
    expect(() => refuseDeepBody(nestedArrays(1000))).toThrow(/nested deeper/);
  });
});
