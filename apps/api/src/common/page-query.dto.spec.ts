import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PageQueryDto } from './page-query.dto';

/** The messages of `?limit=` exactly as the validation pipe would list them. */
function limitMessages(limit: unknown): string[] {
  const query = plainToInstance(PageQueryDto, limit === undefined ? {} : { limit });
  return validateSync(query, { forbidUnknownValues: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );
}

describe('PageQueryDto limit', () => {
  it.each(['abc', '0', '101', '1.5', '-1', '', '1e3'])(
    'refuses limit=%s with the one message that says what is allowed',
    (limit) => {
      expect(limitMessages(limit)).toEqual(['limit must be an integer from 1 to 100']);
    },
  );

  it.each([
    ['1', 1],
    ['20', 20],
    ['100', 100],
  ])('accepts limit=%s', (limit, expected) => {
    expect(limitMessages(limit)).toEqual([]);
    expect(plainToInstance(PageQueryDto, { limit }).limit).toBe(expected);
  });

  it('defaults to 20', () => {
    expect(limitMessages(undefined)).toEqual([]);
    expect(plainToInstance(PageQueryDto, {}).limit).toBe(20);
  });
});
