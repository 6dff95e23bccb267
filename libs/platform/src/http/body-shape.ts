import { FieldError, ValidationFailedError } from '../errors/domain-error';

/** Far deeper than any body of the API (a consultation is 3 levels), far shallower than a stack overflow. */
export const MAX_BODY_DEPTH = 32;
/** Keys of one object: every DTO declares far fewer (the validation pipe then holds each to its own count). */
export const MAX_OBJECT_KEYS = 64;
/** Items of one array: the longest any DTO accepts is a handful of enum values (@ArrayMaxSize). */
export const MAX_ARRAY_ITEMS = 100;
/** Keys and array items of a whole body (or query) together. */
export const MAX_BODY_VALUES = 1000;

/**
 * Characters no text field may hold: C0 controls except tab, line feed and carriage return (which
 * multi-line text such as a summary or a message needs), DEL and the C1 controls. PostgreSQL cannot
 * store NUL in text at all (a 500 before this check); the others have no business in any field.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A UTF-16 surrogate without its pair (String.prototype.isWellFormed is ES2024). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a value is refused, or null: its shape and strings are cheap to process and storable. */
export function bodyShapeProblem(value: unknown, root = ''): FieldError | null {
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  let values = 0;
  const stack: [unknown, number, string][] = [[value, 1, root]];
  while (stack.length > 0) {
    const [node, depth, path] = stack.pop() as [unknown, number, string];
    if (typeof node === 'string') {
      const problem = stringProblem(node, path);
      if (problem) return problem;
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) {
      return { field: '', message: `The body is nested deeper than ${MAX_BODY_DEPTH} levels.` };
    }
    if (Array.isArray(node)) {
      // Length first: an 80,000-item array is refused without looking at one item.
      if (node.length > MAX_ARRAY_ITEMS) {
        return {
          field: path,
          message: `${path || 'the body'} has more than ${MAX_ARRAY_ITEMS} items; at most ${MAX_ARRAY_ITEMS} are accepted`,
        };
      }
      values += node.length;
      if (values > MAX_BODY_VALUES) return tooManyValues();
      for (let i = 0; i < node.length; i++) stack.push([node[i], depth + 1, join(path, i)]);
      continue;
    }
    let keys = 0;
    // for...in stops early: a 50,000-key object costs 65 steps here, not a 50,000-entry Object.keys.
    for (const key in node) {
      if (++keys > MAX_OBJECT_KEYS) {
        return {
          field: path,
          message: `${path || 'the body'} has more than ${MAX_OBJECT_KEYS} fields; at most ${MAX_OBJECT_KEYS} are accepted`,
        };
      }
      if (++values > MAX_BODY_VALUES) return tooManyValues();
      stack.push([(node as Record<string, unknown>)[key], depth + 1, join(path, key)]);
    }
  }
  return null;
}

function tooManyValues(): FieldError {
  return {
    field: '',
    message: `The body has more than ${MAX_BODY_VALUES} fields and items; at most ${MAX_BODY_VALUES} are accepted.`,
  };
}

function stringProblem(text: string, field: string): FieldError | null {
  if (FORBIDDEN_CHARACTERS.test(text)) {
    return {
      field,
      message: `${field || 'the value'} contains a control character (only tab and line breaks are allowed)`,
    };
  }
  // A lone surrogate cannot be encoded as UTF-8: it would be stored as U+FFFD, silently altered.
  if (LONE_SURROGATE.test(text))
    return { field, message: `${field || 'the value'} is not well-formed Unicode text` };
  return null;
}

/**
 * Refuses, before any validation work that grows with the input, a body (or query) that is
 * nested too deep, has too many keys or items, or carries a string no field can store. Recursive
 * walks (class-transformer, class-validator, ValidationPipe.stripProtoKeys) overflow the stack on a
 * few KB of `[[[[...]]]]`, and class-validator answered a 0.9 MB body of unknown keys with one error
 * per key after seconds of CPU. This walk is iterative and stops at the first limit it meets, so no
 * body costs more than about MAX_BODY_VALUES steps.
 */
export function refuseCostlyBody(value: unknown, root = ''): void {
  const problem = bodyShapeProblem(value, root);
  if (problem)
    throw new ValidationFailedError(
      [problem],
      problem.field ? 'The request has invalid fields.' : problem.message,
    );
}
