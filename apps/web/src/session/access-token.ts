/**
 * The access token lives here, in memory only (never in storage scripts can read); the refresh
 * token is an HttpOnly cookie the app cannot see (docs/web.md). A page reload starts empty and
 * the session provider asks for a new access token with the cookie.
 */
let accessToken: string | null = null;
const endedListeners = new Set<() => void>();

export function getAccessToken(): string | null {
  return accessToken;
}

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

/** The login is over (refresh refused): the session provider listens and shows the login page. */
export function onSessionEnded(listener: () => void): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

export function endSession(): void {
  accessToken = null;
  for (const listener of endedListeners) listener();
}
