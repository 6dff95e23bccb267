import { DomainErrorCode, FieldError } from './domain-error';

/** RFC 9457 problem details, as every error response carries them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem lists at most this many field errors: enough to fix a form, never a megabyte of them. */
export const MAX_PROBLEM_ERRORS = 20;

const TYPE_BASE = 'urn:consult-intake:problem:';

interface ProblemKind {
  status: number;
  title: string;
}

export const PROBLEM_KINDS: Record<
  | DomainErrorCode
  | 'malformed_body'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal'
  | 'method_not_allowed',
  ProblemKind
> = {
  validation_failed: { status: 400, title: 'Validation failed' },
  malformed_body: { status: 400, title: 'Malformed request body' },
  unauthenticated: { status: 401, title: 'Unauthenticated' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'Gone' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
};

export type ProblemCode = keyof typeof PROBLEM_KINDS;

export function problemOf(
  code: ProblemCode,
  detail: string,
  requestId: string,
  extra: { errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
): Problem {
  const kind = PROBLEM_KINDS[code];
  return {
    ...(extra.extensions ?? {}),
    type: `${TYPE_BASE}${code}`,
    title: kind.title,
    status: kind.status,
    detail,
    requestId,
    ...(extra.errors ? { errors: extra.errors.slice(0, MAX_PROBLEM_ERRORS) } : {}),
  };
}

/** Maps a bare HTTP status (from the framework) to a problem code. */
export function codeForStatus(status: number): ProblemCode {
  const found = (Object.entries(PROBLEM_KINDS) as [ProblemCode, ProblemKind][]).find(
    ([, k]) => k.status === status,
  );
  if (found) return found[0];
  return status >= 500 ? 'internal' : 'validation_failed';
}
