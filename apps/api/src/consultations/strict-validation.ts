import { ValidateIf, ValidationOptions } from 'class-validator';

/**
 * Optional, but not nullable: absent (undefined) skips the field's other rules, while an explicit
 * `null` is still checked and refused. class-validator's @IsOptional() would let null through to
 * the service, where `subject: null` would be a 500 instead of a 400.
 */
export function OptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/** Trims strings (and leaves anything else for the type rules to refuse). */
export const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
