import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '@app/platform';

/**
 * For POST routes that take no body (`@Body(NoBodyPipe) _body: unknown`): no body, or `{}`, passes;
 * anything else is a 400 naming each field, since api.md rejects unknown fields rather than
 * silently ignoring them.
 */
@Injectable()
export class NoBodyPipe implements PipeTransform {
  transform(value: unknown): undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const fields = Object.keys(value);
      if (fields.length === 0) return undefined;
      throw new ValidationFailedError(
        fields.map((field) => ({ field, message: `${field} is not accepted: this route takes no body` })),
      );
    }
    throw new ValidationFailedError([{ field: '', message: 'This route takes no body.' }]);
  }
}
