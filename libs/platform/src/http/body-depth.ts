import { ValidationFailedError } from '../errors/domain-error';

/** Far deeper than any body of the API (a consultation is 3 levels), far shallower than a stack overflow. */
export const MAX_BODY_DEPTH = 32;

/** Iterative, so a hostile body cannot overflow the stack here either. */
export function bodyDepthExceeds(value: unknown, max = MAX_BODY_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Refuses absurdly nested bodies before validation: class-validator's and Nest's recursive walks
 * (ValidationPipe.stripProtoKeys) overflow the stack on a few KB of `[[[[...]]]]`, which would be a 500.
 */
export function refuseDeepBody(body: unknown): void {
  if (bodyDepthExceeds(body)) {
    const message = `The body is nested deeper than ${MAX_BODY_DEPTH} levels.`;
    throw new ValidationFailedError([{ field: '', message }], message);
  }
}
