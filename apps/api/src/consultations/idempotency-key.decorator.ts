import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ValidationFailedError } from '@app/platform';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The optional `Idempotency-Key` header: 1 to 255 visible ASCII characters (a UUID is a good choice). */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => {
    const header = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['idempotency-key'];
    if (header === undefined) return undefined;
    if (typeof header !== 'string' || !KEY.test(header)) {
      throw new ValidationFailedError([
        { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters' },
      ]);
    }
    return header;
  },
);
