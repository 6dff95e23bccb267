import { ValidationFailedError } from '../errors/domain-error';
import { pageSize, toPage } from './page';

describe('pageSize', () => {
  it('defaults to 20 and accepts 1..100', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(100)).toBe(100);
  });

  it.each([0, 101, 2.5, Number.NaN])('refuses %s as a 400 on limit', (limit) => {
    expect(() => pageSize(limit)).toThrow(ValidationFailedError);
    try {
      pageSize(limit);
    } catch (error) {
      expect((error as ValidationFailedError).errors).toEqual([
        { field: 'limit', message: 'limit must be an integer from 1 to 100' },
      ]);
    }
  });
});

describe('toPage', () => {
  const after = (n: number) => `after-${n}`;

  it('gives a next cursor only when one more row than the page was found', () => {
    expect(toPage([1, 2, 3], 2, (n) => n * 10, after)).toEqual({ items: [10, 20], nextCursor: 'after-2' });
    expect(toPage([1, 2, 3], 3, (n) => n, after)).toEqual({ items: [1, 2, 3], nextCursor: null });
    expect(toPage([], 3, (n: number) => n, after)).toEqual({ items: [], nextCursor: null });
  });
});
