import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicLayout } from '../components/Layout';
import { PageHeading } from '../components/PageHeading';

/**
 * Where single sign-on sends a person the provider knows but this service has no active account
 * for (unknown, deactivated, invited but not yet accepted): signing in never creates an account.
 */
export default function NoAccountPage() {
  const { t } = useTranslation();
  return (
    <PublicLayout>
      <div className="app-stack">
        <PageHeading>{t('sso.noAccountTitle')}</PageHeading>
        <Paragraph>{t('sso.noAccountBody')}</Paragraph>
        <Paragraph>{t('sso.noAccountAdmin')}</Paragraph>
        <Paragraph>
          <Link to="/login" className="ds-link">
            {t('sso.noAccountBack')}
          </Link>
        </Paragraph>
      </div>
    </PublicLayout>
  );
}
