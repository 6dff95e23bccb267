import { Alert, Button, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { RecoveryCodes } from '../../components/mfa/RecoveryCodes';
import { TotpSetup } from '../../components/mfa/TotpSetup';

const QUERY_KEY = ['auth', 'mfa'];

type Stage = { kind: 'status' } | { kind: 'setup' } | { kind: 'codes'; codes: string[] } | { kind: 'enabled' };

/** The security page's authenticator app: whether it is on, and setting it up (GET /auth/mfa, POST /auth/mfa/totp/...). */
export function TotpSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: QUERY_KEY, queryFn: () => call(api.GET('/api/v1/auth/mfa')) });
  const [stage, setStage] = useState<Stage>({ kind: 'status' });
  const on = status.data?.methods.includes('totp') ?? false;

  return (
    <section aria-labelledby="totp-heading" className="app-section app-stack">
      <Heading level={2} data-size="sm" id="totp-heading">
        {t('totp.heading')}
      </Heading>
      <Paragraph>{t('totp.intro')}</Paragraph>
      {stage.kind === 'setup' && (
        <>
          <TotpSetup
            start={() => call(api.POST('/api/v1/auth/mfa/totp/enroll', { body: {} }))}
            confirm={async (code) => {
              const { recoveryCodes } = await call(api.POST('/api/v1/auth/mfa/totp/confirm', { body: { code } }));
              await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
              setStage({ kind: 'codes', codes: recoveryCodes });
            }}
            overrides={{ 400: t('mfa.verify.wrongCode'), 409: t('totp.alreadyOn') }}
          />
          <div>
            <Button variant="tertiary" onClick={() => setStage({ kind: 'status' })}>
              {t('totp.cancel')}
            </Button>
          </div>
        </>
      )}
      {stage.kind === 'codes' && (
        <>
          <Heading level={3} data-size="xs">
            {t('mfa.recovery.title')}
          </Heading>
          <RecoveryCodes codes={stage.codes} onDone={() => setStage({ kind: 'enabled' })} />
        </>
      )}
      {(stage.kind === 'status' || stage.kind === 'enabled') && (
        <>
          {stage.kind === 'enabled' && (
            <Alert data-color="success" role="status" data-testid="totp-enabled">
              {t('totp.nowOn')}
            </Alert>
          )}
          {status.isError && <Alert data-color="danger">{errorMessage(t, status.error)}</Alert>}
          {status.isPending && <Spinner aria-label={t('app.loading')} />}
          {status.data && (
            <>
              <Paragraph data-testid="totp-status">
                {on ? t('totp.on') : t('totp.off')}
                {status.data.required && ` ${t('totp.required')}`}
              </Paragraph>
              {on ? (
                <Paragraph>{t('totp.lostPhone')}</Paragraph>
              ) : (
                <div>
                  <Button onClick={() => setStage({ kind: 'setup' })}>{t('totp.setUp')}</Button>
                </div>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
