import { Button, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';
import { PageHeading } from '../../components/PageHeading';
import { type LoginAnswer, type SecondStep, useSession } from '../../session/SessionProvider';
import { PasskeyLogin } from './PasskeyLogin';

type Mode = 'totp' | 'recovery_code';
const FIELD: Record<Mode, string> = { totp: 'second-factor-code', recovery_code: 'second-factor-recovery-code' };

/**
 * The second step of a login for a user with a factor: the code from the app, or a recovery code.
 * Each method the login answer names gets its way in here: a passkey first, when the user has one.
 */
export function SecondFactorStep({ step, onRestart }: { step: Extract<SecondStep, { kind: 'verify' }>; onRestart: () => void }) {
  const { t } = useTranslation();
  const { completeLogin } = useSession();
  const [mode, setMode] = useState<Mode>(step.methods.includes('totp') ? 'totp' : 'recovery_code');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const field = FIELD[mode];

  function switchTo(next: Mode) {
    setMode(next);
    setValue('');
    setErrors([]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = mode === 'totp' ? value.replace(/\s/g, '') : value.trim();
    const invalid = mode === 'totp' ? !/^\d{6}$/.test(typed) : typed === '';
    if (invalid) {
      setErrors([{ fieldId: field, message: t(mode === 'totp' ? 'mfa.codeRequired' : 'mfa.verify.recoveryRequired') }]);
      return;
    }
    setBusy(true);
    try {
      const answer: LoginAnswer =
        mode === 'totp'
          ? await call(api.POST('/api/v1/auth/mfa/totp/verify', { body: { mfaToken: step.mfaToken, code: typed } }))
          : await call(api.POST('/api/v1/auth/mfa/recovery', { body: { mfaToken: step.mfaToken, recoveryCode: typed } }));
      completeLogin(answer);
    } catch (error) {
      const wrong = t(mode === 'totp' ? 'mfa.verify.wrongCode' : 'mfa.verify.wrongRecoveryCode');
      setErrors([{ fieldId: field, message: errorMessage(t, error, { 401: wrong }) }]);
      setBusy(false);
    }
  }

  return (
    <div className="app-stack">
      <PageHeading>{t('mfa.verify.title')}</PageHeading>
      {step.methods.includes('webauthn') && <PasskeyLogin mfaToken={step.mfaToken} />}
      <FormErrorSummary heading={t('login.errorSummaryHeading')} errors={errors} />
      <Paragraph>{t(mode === 'totp' ? 'mfa.verify.intro' : 'mfa.verify.recoveryIntro')}</Paragraph>
      <form noValidate onSubmit={(event) => void submit(event)} className="app-stack">
        <Textfield
          key={mode}
          id={field}
          label={t(mode === 'totp' ? 'mfa.codeLabel' : 'mfa.verify.recoveryCodeLabel')}
          inputMode={mode === 'totp' ? 'numeric' : 'text'}
          autoComplete={mode === 'totp' ? 'one-time-code' : 'off'}
          maxLength={mode === 'totp' ? 7 : 64}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          error={errors.find((e) => e.fieldId === field)?.message}
        />
        <div>
          <Button type="submit" aria-disabled={busy || undefined}>
            {busy ? t('mfa.checking') : t('mfa.verify.submit')}
          </Button>
        </div>
      </form>
      <div className="app-actions">
        {mode === 'totp' && step.methods.includes('recovery_code') && (
          <Button variant="tertiary" onClick={() => switchTo('recovery_code')}>
            {t('mfa.verify.useRecoveryCode')}
          </Button>
        )}
        {mode === 'recovery_code' && step.methods.includes('totp') && (
          <Button variant="tertiary" onClick={() => switchTo('totp')}>
            {t('mfa.verify.useApp')}
          </Button>
        )}
        <Button variant="tertiary" onClick={onRestart}>
          {t('mfa.startOver')}
        </Button>
      </div>
    </div>
  );
}
