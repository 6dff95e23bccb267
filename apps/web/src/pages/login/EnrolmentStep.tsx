import { Button, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call } from '../../api/errors';
import { RecoveryCodes } from '../../components/mfa/RecoveryCodes';
import { TotpSetup } from '../../components/mfa/TotpSetup';
import { PageHeading } from '../../components/PageHeading';
import { type LoginAnswer, type SecondStep, useSession } from '../../session/SessionProvider';
import { PasskeyEnrolment } from './PasskeyEnrolment';

/**
 * Enrolment forced at login (the role requires a second factor and the user has none): set up the
 * app, then see the recovery codes once; the session opens only after the person says they saved them.
 */
export function EnrolmentStep({ step, onRestart }: { step: Extract<SecondStep, { kind: 'enrol' }>; onRestart: () => void }) {
  const { t } = useTranslation();
  const { completeLogin } = useSession();
  const [done, setDone] = useState<{ recoveryCodes: string[]; login: LoginAnswer } | null>(null);

  // Its own key: a new step mounts a new heading, which takes the focus.
  if (done)
    return (
      <div className="app-stack" key="recovery-codes">
        <PageHeading>{t('mfa.recovery.title')}</PageHeading>
        <RecoveryCodes codes={done.recoveryCodes} onDone={() => completeLogin(done.login)} />
      </div>
    );
  return (
    <div className="app-stack">
      <PageHeading>{t('mfa.enrol.title')}</PageHeading>
      <Paragraph>{t('mfa.enrol.intro')}</Paragraph>
      <TotpSetup
        start={() => call(api.POST('/api/v1/auth/mfa/totp/enroll', { body: { mfaToken: step.mfaToken } }))}
        confirm={async (code) => {
          const answer = await call(api.POST('/api/v1/auth/mfa/totp/confirm', { body: { mfaToken: step.mfaToken, code } }));
          const { recoveryCodes, accessToken, user } = answer;
          if (!accessToken || !user) throw new Error('the confirmation carried no login');
          setDone({ recoveryCodes, login: { accessToken, user } });
        }}
        overrides={{ 401: t('mfa.enrol.wrongCodeOrExpired') }}
      />
      <PasskeyEnrolment mfaToken={step.mfaToken} onDone={setDone} />
      <div className="app-actions">
        <Button variant="tertiary" onClick={onRestart}>
          {t('mfa.startOver')}
        </Button>
      </div>
    </div>
  );
}
