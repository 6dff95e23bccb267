import { Button, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Header } from '../components/Layout';
import { PageHeading } from '../components/PageHeading';
import { IdleWarning } from '../session/IdleWarning';
import { type Account, useSession } from '../session/SessionProvider';

/**
 * A logged-in account without a role (docs/accounts.md "Role grants"): an admin asked for a staff
 * role that a supervisor has not approved yet. The account sees nothing else, whatever the path.
 */
export default function RoleWaitingPage({ account }: { account: Account }) {
  const { t } = useTranslation();
  const { logout } = useSession();
  return (
    <>
      <Header>
        <Button variant="secondary" data-size="sm" onClick={() => void logout()}>
          {t('session.logout')}
        </Button>
      </Header>
      <main id="main" className="app-main" tabIndex={-1}>
        <IdleWarning />
        <PageHeading>{t('roleWaiting.title')}</PageHeading>
        <Paragraph data-testid="role-waiting">
          {account.pendingRole
            ? t('roleWaiting.pending', { name: account.displayName, role: t(`roles.${account.pendingRole}`) })
            : t('roleWaiting.none', { name: account.displayName })}
        </Paragraph>
        <Paragraph>{t('roleWaiting.after')}</Paragraph>
      </main>
    </>
  );
}
