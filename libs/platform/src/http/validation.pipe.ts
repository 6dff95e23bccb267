import { ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { FieldError, ValidationFailedError } from '../errors/domain-error';
import { passesValidation } from './validation-fast-path';

/** Flattens class-validator's tree into `field` paths such as `riskFactors.immediateDanger`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator prefixes messages with the bare property name; show the full path instead.
      out.push({
        field,
        message: message.startsWith(`${error.property} `)
          ? `${field}${message.slice(error.property.length)}`
          : message,
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/**
 * Nest's ValidationPipe, asking class-validator only when a value does not pass: `passesValidation`
 * gives class-validator's verdict on a valid value at a fraction of its cost (see there), and
 * class-validator still validates, and words the errors of, everything else.
 */
class FastPathValidationPipe extends ValidationPipe {
  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): ReturnType<ValidationPipe['validate']> {
    return options && passesValidation(object, options) ? [] : super.validate(object, options);
  }
}

/** The options of the global ValidationPipe: unknown fields rejected at every depth, types transformed, errors by path. */
export function validationPipeOptions(): ValidationPipeOptions {
  return {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new ValidationFailedError(
        fieldErrors.length ? fieldErrors : [{ field: '', message: 'The body must be a JSON object.' }],
      );
    },
  };
}

/** Global input validation (validationPipeOptions), with class-validator's verdict on valid values computed cheaply. */
export function createValidationPipe(): ValidationPipe {
  return new FastPathValidationPipe(validationPipeOptions());
}
