import { Alert, Button, Paragraph, Spinner, Textfield } from '@digdir/designsystemet-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { errorMessage, type ErrorOverrides } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../FormErrorSummary';

type Enrolment = Schemas['TotpEnrolmentDto'];

const CODE = 'totp-setup-code';

/** The secret in groups of four, as people type it into an app. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * Setting up an authenticator app (at login, or in the security settings): the QR code of the
 * `otpauth://` URI, drawn here in the browser (the secret never goes to another service), the key
 * for typing by hand, and the first code, which confirms it. `start` and `confirm` call the API;
 * `overrides` words their failures (a wrong code is 401 at login, 400 in the settings).
 */
export function TotpSetup({
  start,
  confirm,
  overrides,
}: {
  start: () => Promise<Enrolment>;
  confirm: (code: string) => Promise<void>;
  overrides: ErrorOverrides;
}) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [qrCode, setQrCode] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let active = true;
    void (async () => {
      try {
        const answer = await start();
        if (!active) return;
        setEnrolment(answer);
        const { toDataURL } = await import('qrcode');
        const image = await toDataURL(answer.otpauthUrl, { errorCorrectionLevel: 'M', margin: 2, width: 224 });
        if (active) setQrCode(image);
      } catch (error) {
        if (active) setFailure(errorMessage(t, error, overrides));
      }
    })();
    return () => {
      active = false;
    };
    // Once per mount: each start makes a new secret.
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(typed)) {
      setErrors([{ fieldId: CODE, message: t('mfa.codeRequired') }]);
      return;
    }
    setBusy(true);
    try {
      await confirm(typed);
    } catch (error) {
      setErrors([{ fieldId: CODE, message: errorMessage(t, error, overrides) }]);
      setBusy(false);
    }
  }

  if (failure) return <Alert data-color="danger">{failure}</Alert>;
  if (!enrolment) return <Spinner aria-label={t('mfa.setup.preparing')} />;
  return (
    <div className="app-stack">
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      <Paragraph>{t('mfa.setup.scan')}</Paragraph>
      {qrCode ? (
        <img className="app-qr" src={qrCode} width={224} height={224} alt={t('mfa.setup.qrAlt')} data-testid="totp-qr" />
      ) : (
        <Spinner aria-label={t('mfa.setup.preparing')} />
      )}
      <Paragraph>
        {t('mfa.setup.typeKey')}{' '}
        <code className="app-secret" data-testid="totp-secret">
          {grouped(enrolment.secret)}
        </code>
      </Paragraph>
      <form noValidate onSubmit={(event) => void submit(event)} className="app-stack">
        <Textfield
          id={CODE}
          label={t('mfa.codeLabel')}
          description={t('mfa.setup.codeDescription')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={errors.find((e) => e.fieldId === CODE)?.message}
        />
        <div>
          <Button type="submit" aria-disabled={busy || undefined}>
            {busy ? t('mfa.checking') : t('mfa.setup.confirm')}
          </Button>
        </div>
      </form>
    </div>
  );
}
