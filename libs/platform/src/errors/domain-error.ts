/** A field-level problem, as listed in a problem document's `errors`. */
export interface FieldError {
  field: string;
  message: string;
}

export type DomainErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'unprocessable'
  | 'too_many_requests'
  | 'service_unavailable';

/**
 * Services throw these (never HttpException); the global problem filter maps the code to a status
 * (docs/style.md habit 7). `extensions` are extra problem members, e.g. `allowedMoves`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], message = 'The request has invalid fields.') {
    super('validation_failed', message, {}, errors);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication is required.') {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role may not do this.') {
    super('forbidden', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(resource = 'Resource') {
    super('not_found', `${resource} not found.`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super('conflict', message, extensions);
  }
}

/** The resource existed and was removed for good (a purged consultation: docs/retention.md). */
export class GoneError extends DomainError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super('gone', message, extensions);
  }
}

export class PreconditionFailedError extends DomainError {
  constructor(
    message = 'The resource has changed; reload it and try again.',
    extensions: Record<string, unknown> = {},
  ) {
    super('precondition_failed', message, extensions);
  }
}

export class UnprocessableError extends DomainError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many attempts; try again later.',
  ) {
    super('too_many_requests', message, {});
  }
}

/** A dependency (the database) cannot answer now: 503 with `Retry-After`, logged at warn, not as a bug. */
export class ServiceUnavailableError extends DomainError {
  constructor(
    message: string,
    extensions: Record<string, unknown> = {},
    readonly retryAfterSeconds = 5,
  ) {
    super('service_unavailable', message, extensions);
  }
}
