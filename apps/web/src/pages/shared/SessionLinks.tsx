import { Heading, Link, List } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';

/** On the security page: where the user sees and ends their logins and changes the password. */
export function SessionLinks() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="security-logins" className="app-section">
      <Heading level={2} data-size="sm" id="security-logins">
        {t('pages.security.loginsHeading')}
      </Heading>
      <List.Unordered>
        <List.Item>
          <Link asChild>
            <RouterLink to="/settings/sessions">{t('pages.sessions.title')}</RouterLink>
          </Link>
        </List.Item>
        <List.Item>
          <Link asChild>
            <RouterLink to="/settings/password">{t('pages.changePassword.title')}</RouterLink>
          </Link>
        </List.Item>
      </List.Unordered>
    </section>
  );
}
