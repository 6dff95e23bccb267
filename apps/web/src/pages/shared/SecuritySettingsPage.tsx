import { Alert, Button, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { RecoveryCodes } from '../../components/mfa/RecoveryCodes';
import { TotpSetup } from '../../components/mfa/TotpSetup';
import { PageHeading } from '../../components/PageHeading';

const QUERY_KEY = ['auth', 'mfa'];

type Stage = { kind: 'status' } | { kind: 'setup' } | { kind: 'codes'; codes: string[] } | { kind: 'enabled' };

/** Security settings: whether two-step verification is on, and setting up the app (GET /auth/mfa, POST /auth/mfa/totp/...). */
export default function SecuritySettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: QUERY_KEY, queryFn: () => call(api.GET('/api/v1/auth/mfa')) });
  const [stage, setStage] = useState<Stage>({ kind: 'status' });

  if (stage.kind === 'setup')
    return (
      <div className="app-stack">
        <PageHeading>{t('mfa.enrol.title')}</PageHeading>
        <TotpSetup
          start={() => call(api.POST('/api/v1/auth/mfa/totp/enroll', { body: {} }))}
          confirm={async (code) => {
            const { recoveryCodes } = await call(api.POST('/api/v1/auth/mfa/totp/confirm', { body: { code } }));
            await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
            setStage({ kind: 'codes', codes: recoveryCodes });
          }}
          overrides={{ 400: t('mfa.verify.wrongCode'), 409: t('pages.securitySettings.alreadyOn') }}
        />
        <div className="app-actions">
          <Button variant="tertiary" onClick={() => setStage({ kind: 'status' })}>
            {t('pages.securitySettings.cancel')}
          </Button>
        </div>
      </div>
    );
  if (stage.kind === 'codes')
    return (
      <div className="app-stack">
        <PageHeading>{t('mfa.recovery.title')}</PageHeading>
        <RecoveryCodes codes={stage.codes} onDone={() => setStage({ kind: 'enabled' })} />
      </div>
    );

  const methods = status.data?.methods ?? [];
  const on = methods.includes('totp');
  return (
    <div className="app-stack">
      <PageHeading>{t('pages.securitySettings.title')}</PageHeading>
      <Paragraph>{t('pages.securitySettings.intro')}</Paragraph>
      {stage.kind === 'enabled' && (
        <Alert data-color="success" role="status" data-testid="mfa-enabled">
          {t('pages.securitySettings.nowOn')}
        </Alert>
      )}
      {status.isError && <Alert data-color="danger">{errorMessage(t, status.error)}</Alert>}
      {status.isPending && <Spinner aria-label={t('app.loading')} />}
      {status.data && (
        <>
          <Paragraph data-testid="mfa-status">
            {on ? t('pages.securitySettings.on') : t('pages.securitySettings.off')}
            {status.data.required && ` ${t('pages.securitySettings.required')}`}
          </Paragraph>
          {on ? (
            <Paragraph>{t('pages.securitySettings.lostPhone')}</Paragraph>
          ) : (
            <div>
              <Button onClick={() => setStage({ kind: 'setup' })}>{t('pages.securitySettings.setUp')}</Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
