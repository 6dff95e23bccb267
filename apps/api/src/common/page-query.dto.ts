import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/**
 * One rule with one message for `?limit=`: separate IsInt/Min/Max checks each add their own
 * message, so `limit=abc` (NaN after the transform) was answered "must not be greater than 100".
 */
function IsPageSize(): PropertyDecorator {
  return ValidateBy({
    name: 'isPageSize',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAGE_SIZE,
      defaultMessage: (args) => `${args?.property ?? 'limit'} must be an integer from 1 to ${MAX_PAGE_SIZE}`,
    },
  });
}

/** `?limit=` (1..100, default 20) and `?cursor=` from a previous page's `nextCursor` (api.md list conventions). */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsPageSize()
  limit: number = 20;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
