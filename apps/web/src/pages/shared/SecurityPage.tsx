import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/PageHeading';
import { PasskeysSection } from './PasskeysSection';
import { SessionLinks } from './SessionLinks';
import { TotpSection } from './TotpSection';

/** The user's own sign-in security: second factors, and links to their logins and password (docs/accounts.md). */
export default function SecurityPage() {
  const { t } = useTranslation();
  return (
    <div className="app-stack">
      <PageHeading>{t('pages.security.title')}</PageHeading>
      <Paragraph>{t('pages.security.intro')}</Paragraph>
      <TotpSection />
      <PasskeysSection />
      <SessionLinks />
    </div>
  );
}
