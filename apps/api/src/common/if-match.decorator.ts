import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ValidationFailedError } from '@app/platform';

/**
 * `If-Match: <version>` (also `"3"` or `W/"3"`) as a number; absent means unconditional, and so
 * does `*`, which matches any current version (RFC 9110 §13.1.1; a missing resource is a 404 anyway).
 */
export const IfMatchVersion = createParamDecorator(
  (_: unknown, context: ExecutionContext): number | undefined => {
    const header = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['if-match'];
    if (header === undefined) return undefined;
    if (typeof header === 'string' && header.trim() === '*') return undefined;
    const match = typeof header === 'string' ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header) : null;
    if (!match)
      throw new ValidationFailedError([
        { field: 'If-Match', message: 'If-Match must be the resource version, an integer, or *' },
      ]);
    return Number(match[1]);
  },
);
