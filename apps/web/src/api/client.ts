import createClient, { type Middleware } from 'openapi-fetch';
import { endSession, getAccessToken, setAccessToken } from '../session/access-token';
import type { components, paths } from './schema';

/**
 * The one API client (docs/web.md), typed from the service's own OpenAPI document
 * (`npm run openapi` regenerates schema.d.ts). Use it with `call()`:
 *
 *   const me = await call(api.GET('/api/v1/auth/me'));
 *
 * Every request carries the in-memory access token and `X-Session: cookie` (browser session).
 * A 401 triggers one cookie refresh, shared by every request that is waiting for it, then one retry.
 */
export const SESSION_HEADER = 'X-Session';
export const SESSION_MODE = 'cookie';

export type Schemas = components['schemas'];
export type Problem = Schemas['ProblemDto'];

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

/** Routes whose 401 means "wrong credentials" or "no session", never "refresh and retry". */
const NO_RETRY = /\/api\/v1\/auth\/(login|refresh|logout)$/;
/** The second step of a login: its 401 is a wrong code or a dead mfaToken, unless a logged-in user enrols (bearer token). */
const LOGIN_STEP = /\/api\/v1\/auth\/mfa\//;

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh cookie for a new access token; concurrent callers share one request. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const { data } = await api.POST('/api/v1/auth/refresh', { body: {} });
      setAccessToken(data?.accessToken ?? null);
      return Boolean(data);
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

const pending = new Map<string, Request>();

const session: Middleware = {
  onRequest({ request, id }) {
    request.headers.set(SESSION_HEADER, SESSION_MODE);
    const token = getAccessToken();
    if (token && !request.headers.has('Authorization'))
      request.headers.set('Authorization', `Bearer ${token}`);
    const path = new URL(request.url).pathname;
    const loginStep = LOGIN_STEP.test(path) && !request.headers.has('Authorization');
    if (!NO_RETRY.test(path) && !loginStep) pending.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id }) {
    const original = pending.get(id);
    pending.delete(id);
    if (response.status !== 401 || !original) return response;
    if (!(await refreshSession())) {
      endSession();
      return response;
    }
    const retry = new Request(original, { headers: new Headers(original.headers) });
    retry.headers.set('Authorization', `Bearer ${getAccessToken() ?? ''}`);
    const answer = await fetch(retry);
    if (answer.status === 401) endSession();
    return answer;
  },
  onError({ id }) {
    pending.delete(id);
  },
};
api.use(session);
