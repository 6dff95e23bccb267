import type { TFunction } from 'i18next';
import type { Problem } from './client';

/**
 * Every failure of an API call, turned into one sentence a person understands (docs/web.md):
 * `call()` throws ApiError; screens show `errorMessage(t, error)` and, for forms, `fieldErrors`.
 * Never a status code or raw JSON on screen.
 */
export class ApiError extends Error {
  constructor(
    /** 0 when the service could not be reached. */
    readonly status: number,
    readonly problem: Problem | null,
    /** From Retry-After on 429/503. */
    readonly retryAfterSeconds: number | null,
  ) {
    super(problem?.title ?? (status === 0 ? 'network error' : `HTTP ${status}`));
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  /** The fields a 400 named (`errors[].field`, e.g. `riskFactors.immediateDanger`). */
  get fields(): string[] {
    return [...new Set((this.problem?.errors ?? []).map((e) => e.field))];
  }
}

interface FetchAnswer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an `api.GET/POST/...` and returns its data, or throws ApiError. */
export async function call<T>(request: Promise<FetchAnswer<T>>): Promise<T> {
  let answer: FetchAnswer<T>;
  try {
    answer = await request;
  } catch {
    throw new ApiError(0, null, null);
  }
  const { data, error, response } = answer;
  if (response.ok) return data as T;
  const retryAfter = Number(response.headers.get('Retry-After'));
  throw new ApiError(
    response.status,
    isProblem(error) ? error : null,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

/** Overrides per screen, e.g. `{ 401: t('login.wrongCredentials') }` on the login form. */
export type ErrorOverrides = Partial<Record<number, string>>;

export function errorMessage(t: TFunction, error: unknown, overrides: ErrorOverrides = {}): string {
  if (!(error instanceof ApiError)) return t('errors.unknown');
  const override = overrides[error.status];
  if (override) return override;
  switch (error.status) {
    case 0:
      return t('errors.network');
    case 400:
      return t('errors.validation');
    case 401:
      return t('errors.unauthenticated');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409:
      return t('errors.conflict');
    case 410:
      return t('errors.gone');
    case 412:
    case 428:
      return t('errors.preconditionFailed');
    case 413:
      return t('errors.tooLarge');
    case 422:
      return t('errors.unprocessable');
    case 429:
      return t('errors.tooManyRequests', {
        count: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)),
      });
    case 503:
      return t('errors.unavailable');
    default:
      return error.status >= 500 ? t('errors.server') : t('errors.unknown');
  }
}
