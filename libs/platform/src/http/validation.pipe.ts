import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { FieldError, ValidationFailedError } from '../errors/domain-error';
import { MAX_PROBLEM_ERRORS } from '../errors/problem';
import { refuseCostlyBody } from './body-shape';

/** Flattens class-validator's tree into `field` paths such as `riskFactors.immediateDanger`, at most `max` of them. */
export function flattenValidationErrors(errors: ValidationError[], parent = '', max = MAX_PROBLEM_ERRORS): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    if (out.length >= max) break;
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator prefixes messages with the bare property name; show the full path instead.
      out.push({ field, message: message.startsWith(`${error.property} `) ? `${field}${message.slice(error.property.length)}` : message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field, max - out.length));
  }
  return out.slice(0, max);
}

const declaredFields = new WeakMap<object, ReadonlySet<string>>();

/** The properties a DTO class declares (any class-validator rule), read once per class. */
function fieldsOf(metatype: object): ReadonlySet<string> {
  let fields = declaredFields.get(metatype);
  if (!fields) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(metatype as () => void, '', true, false);
    fields = new Set(rules.map((rule) => rule.propertyName));
    declaredFields.set(metatype, fields);
  }
  return fields;
}

/**
 * A DTO accepts at most the keys it declares: more keys means at least one is unknown, and that is
 * answered here, listing at most MAX_PROBLEM_ERRORS of them, before class-transformer and
 * class-validator (which built one error object per unknown key) touch the value.
 */
function refuseExtraKeys(value: unknown, metatype: object): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const fields = fieldsOf(metatype);
  if (fields.size === 0) return;
  let count = 0;
  for (const _key in value) count++;
  if (count <= fields.size) return;
  const unknown: FieldError[] = [];
  for (const key in value) {
    if (fields.has(key)) continue;
    unknown.push({ field: key, message: `property ${key} should not exist` });
    if (unknown.length >= MAX_PROBLEM_ERRORS) break;
  }
  throw new ValidationFailedError(unknown);
}

/**
 * Bounds the work before validation: query strings and parameters get the same shape and character
 * check that bodies get in the preValidation hook (refuseCostlyBody), and every DTO is held to its
 * own key count. class-validator then stops at the first failing rule of each property.
 */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Bodies were checked in the preValidation hook, before the guards; custom decorators carry server values.
    if (metadata.type === 'query' || metadata.type === 'param') refuseCostlyBody(value, typeof value === 'object' ? '' : (metadata.data ?? ''));
    if (metadata.metatype && this.toValidate(metadata)) refuseExtraKeys(value, metadata.metatype);
    return super.transform(value, metadata);
  }
}

/** Global input validation: unknown fields rejected at every depth, types transformed, errors by path. */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new ValidationFailedError(
        fieldErrors.length ? fieldErrors : [{ field: '', message: 'The body must be a JSON object.' }],
      );
    },
  });
}
