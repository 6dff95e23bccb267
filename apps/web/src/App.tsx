import { Spinner } from '@digdir/designsystemet-react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useParams } from 'react-router';
import { ApiError } from './api/errors';
import { Layout } from './components/Layout';
import { DETAIL_PAGES, homeOf, PAGES } from './routes/pages';
import { type Role, SessionProvider, useSession, useUser } from './session/SessionProvider';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const InvitationPage = lazy(() => import('./pages/account/InvitationPage'));
const ForgotPasswordPage = lazy(() => import('./pages/account/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('./pages/account/ResetPasswordPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const NoAccountPage = lazy(() => import('./pages/NoAccountPage'));
const RequestPage = lazy(() => import('./pages/requester/RequestPage'));
const RoleWaitingPage = lazy(() => import('./pages/RoleWaitingPage'));

/** Server state lives here only; a client error (4xx) is not retried. Emptied at every logout. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
}

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="app-center">
      <Spinner aria-label={t('app.loading')} />
    </div>
  );
}

/** Anonymous visitors go to the login page and come back afterwards; an account without a role waits. */
function RequireLogin({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') {
    // After an explicit logout nobody is sent back to the page afterwards (maybe another person logs in).
    const here = location.pathname + location.search;
    const next =
      location.pathname === '/' || state.reason === 'loggedOut' ? '' : `?next=${encodeURIComponent(here)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  // Logged in without a role (a staff-role grant waits for a supervisor): nothing behind the login.
  if (state.status === 'waiting') return <RoleWaitingPage account={state.account} />;
  return children;
}

function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { state } = useSession();
  if (state.status !== 'authenticated') return null;
  return roles.includes(state.user.role) ? children : <NotFoundPage />;
}

function Home() {
  const { state } = useSession();
  return state.status === 'authenticated' ? <Navigate to={homeOf(state.user.role)} replace /> : null;
}

/**
 * `/consultations/:id` is the link that emails carry (one link for every recipient): it opens the
 * request where the reader's role sees it. Admins never see a case, so for them it is the 404 page.
 */
function ConsultationLink() {
  const { id = '' } = useParams();
  const user = useUser();
  if (user.role === 'requester') return <Navigate to={`/requests/${encodeURIComponent(id)}`} replace />;
  if (user.role === 'investigator' || user.role === 'supervisor')
    return <Navigate to={`/cases/${encodeURIComponent(id)}`} replace />;
  return <NotFoundPage />;
}

function AppRoutes() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading />;
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* The steps before a login exists: links from emails (docs/accounts.md) and "Forgot password". */}
        <Route path="/invitation" element={<InvitationPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/login/no-account" element={<NoAccountPage />} />
        <Route
          element={
            <RequireLogin>
              <Layout />
            </RequireLogin>
          }
        >
          <Route index element={<Home />} />
          {[...PAGES, ...DETAIL_PAGES].map(({ path, roles, component: Page }) => (
            <Route
              key={path}
              path={path}
              element={
                <RequireRole roles={roles}>
                  <Page />
                </RequireRole>
              }
            />
          ))}
          <Route
            path="/requests/:id"
            element={
              <RequireRole roles={['requester']}>
                <RequestPage />
              </RequireRole>
            }
          />
          <Route path="/consultations/:id" element={<ConsultationLink />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

const queryClient = createQueryClient();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
