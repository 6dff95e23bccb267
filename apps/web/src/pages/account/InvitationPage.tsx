import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/errors';
import { PublicLayout } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { SetPasswordForm } from './SetPasswordForm';
import { useLinkToken } from './linkToken';

/** `/invitation#token=…` (the link in an invitation email): the new account chooses its own password. */
export default function InvitationPage() {
  const { t } = useTranslation();
  const token = useLinkToken();
  return (
    <PublicLayout>
      <div className="app-stack">
        <PageHeading>{t('account.invitation.title')}</PageHeading>
        <Paragraph>{t('account.invitation.intro')}</Paragraph>
        <SetPasswordForm
          token={token}
          send={(linkToken, password) =>
            call(api.POST('/api/v1/auth/invitations/accept', { body: { token: linkToken, password } }))
          }
          submitLabel={t('account.invitation.submit')}
          done={
            <>
              {t('account.invitation.done')}{' '}
              <Link to="/login" className="ds-link">
                {t('account.toLogin')}
              </Link>
            </>
          }
          gone={t('account.invitation.gone')}
        />
      </div>
    </PublicLayout>
  );
}
