import { GoneError } from '@app/platform';

/** One answer for every link that cannot be used: unknown, expired, used, or replaced by a newer one. */
export class LinkNotUsableError extends GoneError {
  constructor() {
    super(
      'This link cannot be used: it has expired, has been used already, or a newer one replaced it. Ask for a new one.',
    );
  }
}
