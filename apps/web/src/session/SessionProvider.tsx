import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, refreshSession, type Schemas } from '../api/client';
import { call } from '../api/errors';
import { onSessionEnded, setAccessToken } from './access-token';

/** An account as the API answers it; `role` is null while its staff-role grant waits for approval. */
export type Account = Schemas['UserDto'];
export type Role = NonNullable<Account['role']>;
/** A logged-in user with a role: every page behind the login. */
export type User = Account & { role: Role };
export type EndReason = 'idle' | 'expired' | 'loggedOut';
/** The answer that opens a session (a login, or a second step of one). */
export type LoginAnswer = Pick<Schemas['LoginResponseDto'], 'accessToken' | 'user'>;
export type MfaMethod = Schemas['MfaRequiredDto']['methods'][number];
/** What a password login may still need: the second factor, or enrolling one (docs/api.md "Second factor"). */
export type SecondStep = { kind: 'verify'; mfaToken: string; methods: MfaMethod[] } | { kind: 'enrol'; mfaToken: string };

/** `waiting`: logged in, but the account has no role yet (a supervisor has not approved its grant). */
export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: EndReason }
  | { status: 'authenticated'; user: User }
  | { status: 'waiting'; account: Account };

function signedIn(account: Account): SessionState {
  return account.role ? { status: 'authenticated', user: { ...account, role: account.role } } : { status: 'waiting', account };
}

/** Logged in, with or without a role. */
export function isLoggedIn(state: SessionState): boolean {
  return state.status === 'authenticated' || state.status === 'waiting';
}

interface SessionContextValue {
  state: SessionState;
  /** Minutes without use before the app logs out (GET /web-config; 30 until it has answered). */
  idleMinutes: number;
  /** Single sign-on (GET /web-config): null while off or unknown, else the provider's name (null: none given). */
  singleSignOn: { name: string | null } | null;
  /** Logs in, or answers the second step still needed. Throws ApiError (401 wrong credentials, 429 throttled, ...). */
  login(email: string, password: string): Promise<SecondStep | null>;
  /** Opens the session with the login answer of a second step. */
  completeLogin(answer: LoginAnswer): void;
  logout(reason?: EndReason): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);
export const DEFAULT_IDLE_MINUTES = 30;

/**
 * Browser session (docs/web.md): the access token in memory, the refresh token in an HttpOnly
 * cookie. On start it asks for a new access token with the cookie, so a reload stays logged in.
 * Every end of a session (logout, idle, refused refresh) empties the whole TanStack Query cache.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [idleMinutes, setIdleMinutes] = useState(DEFAULT_IDLE_MINUTES);
  const [singleSignOn, setSingleSignOn] = useState<{ name: string | null } | null>(null);

  useEffect(() => {
    let active = true;
    void (async () => {
      try {
        const config = await call(api.GET('/api/v1/web-config'));
        if (!active) return;
        setIdleMinutes(config.sessionIdleMinutes);
        setSingleSignOn(config.singleSignOn ? { name: config.singleSignOnName } : null);
      } catch {
        // keep the defaults (no single sign-on button)
      }
    })();
    void (async () => {
      const user = (await refreshSession()) ? await call(api.GET('/api/v1/auth/me')).catch(() => null) : null;
      if (active) setState(user ? signedIn(user) : { status: 'anonymous' });
    })();
    return () => {
      active = false;
    };
  }, []);

  useEffect(
    () =>
      onSessionEnded(() => {
        queryClient.clear();
        // A request refused while a logout is under way must not turn "logged out" into "expired".
        setState((current) => (current.status === 'anonymous' ? current : { status: 'anonymous', reason: 'expired' }));
      }),
    [queryClient],
  );

  const completeLogin = useCallback((answer: LoginAnswer) => {
    setAccessToken(answer.accessToken);
    setState(signedIn(answer.user));
  }, []);

  const login = useCallback(
    async (email: string, password: string): Promise<SecondStep | null> => {
      const answer = await call(api.POST('/api/v1/auth/login', { body: { email, password } }));
      if ('mfaRequired' in answer) return { kind: 'verify', mfaToken: answer.mfaToken, methods: answer.methods };
      if ('mfaEnrollmentRequired' in answer) return { kind: 'enrol', mfaToken: answer.mfaToken };
      completeLogin(answer);
      return null;
    },
    [completeLogin],
  );

  const logout = useCallback(
    async (reason: EndReason = 'loggedOut') => {
      try {
        await call(api.POST('/api/v1/auth/logout', { body: {} }));
      } catch {
        // The session ends here whatever the server said.
      }
      setAccessToken(null);
      queryClient.clear();
      setState({ status: 'anonymous', reason });
    },
    [queryClient],
  );

  const value = useMemo(
    () => ({ state, idleMinutes, singleSignOn, login, completeLogin, logout }),
    [state, idleMinutes, singleSignOn, login, completeLogin, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in user; only inside routes that require a login. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useUser without a login');
  return state.user;
}
