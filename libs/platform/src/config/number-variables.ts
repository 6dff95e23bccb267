import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

// applyDecorators applies in list order; the list is the reverse of the written stack
// `@Transform @IsInt @Min @Max` so class-validator checks, and the boot message names, in the same order.
function numberVariable(whole: boolean, min: number, max?: number): PropertyDecorator {
  return applyDecorators(
    ...(max === undefined ? [] : [Max(max)]),
    Min(min),
    whole ? IsInt() : IsNumber(),
    Transform(({ value }) => Number(value)),
  );
}

/** A whole-number environment variable from `min` to `max` (no upper bound when `max` is left out). */
export function IntVariable(min: number, max?: number): PropertyDecorator {
  return numberVariable(true, min, max);
}

/** A number environment variable, fractions allowed, from `min` to `max`. */
export function NumberVariable(min: number, max: number): PropertyDecorator {
  return numberVariable(false, min, max);
}
