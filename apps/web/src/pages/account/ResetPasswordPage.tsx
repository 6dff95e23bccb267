import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/errors';
import { PublicLayout } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { SetPasswordForm } from './SetPasswordForm';
import { useLinkToken } from './linkToken';

/** `/reset-password#token=…` (the link in a reset email): a new password; every login of the account ends. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = useLinkToken();
  return (
    <PublicLayout>
      <div className="app-stack">
        <PageHeading>{t('account.reset.title')}</PageHeading>
        <Paragraph>{t('account.reset.intro')}</Paragraph>
        <SetPasswordForm
          token={token}
          send={(linkToken, newPassword) =>
            call(
              api.POST('/api/v1/auth/password-reset/complete', { body: { token: linkToken, newPassword } }),
            )
          }
          submitLabel={t('account.reset.submit')}
          done={
            <>
              {t('account.reset.done')}{' '}
              <Link to="/login" className="ds-link">
                {t('account.toLogin')}
              </Link>
            </>
          }
          gone={
            <>
              {t('account.reset.gone')}{' '}
              <Link to="/forgot-password" className="ds-link">
                {t('account.reset.askAgain')}
              </Link>
            </>
          }
        />
      </div>
    </PublicLayout>
  );
}
