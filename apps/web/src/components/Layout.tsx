import { Button, SkipLink } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { pagesFor } from '../routes/pages';
import { IdleWarning } from '../session/IdleWarning';
import { useSession } from '../session/SessionProvider';
import { LanguageSwitch } from './LanguageSwitch';
import { UnreadNotifications } from './UnreadNotifications';

/** The header of every page: skip link, product name, and what the caller passes (user, logout). */
export function Header({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <SkipLink href="#main" className="app-skip-link">
        {t('app.skipToContent')}
      </SkipLink>
      <header className="app-header">
        <p className="app-header__name">{t('app.name')}</p>
        <div className="app-header__tools">
          {children}
          <LanguageSwitch />
        </div>
      </header>
    </>
  );
}

/** Pages without a login (login, and the 404 page for anonymous visitors). */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <Header />
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** Pages behind the login: the user's name and role, logout, and the menu of the user's role. */
export function Layout() {
  const { t } = useTranslation();
  const { state, logout } = useSession();
  if (state.status !== 'authenticated') return null;
  const { user } = state;
  return (
    <>
      <Header>
        <span className="app-header__user" data-testid="current-user">
          {t('session.userLabel', { name: user.displayName, role: t(`roles.${user.role}`) })}
        </span>
        {(user.role === 'investigator' || user.role === 'supervisor') && <UnreadNotifications />}
        <Button variant="secondary" data-size="sm" onClick={() => void logout()}>
          {t('session.logout')}
        </Button>
      </Header>
      <nav aria-label={t('nav.label')} className="app-nav">
        <ul>
          {pagesFor(user.role).map((page) => (
            <li key={page.path}>
              <NavLink to={page.path} end className="ds-link">
                {t(`nav.${page.nav}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        <IdleWarning />
        <Outlet />
      </main>
    </>
  );
}
