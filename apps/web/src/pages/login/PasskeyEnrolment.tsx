import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passkeyErrorMessage, registerPasskey } from '../../session/passkey-ceremony';
import type { LoginAnswer } from '../../session/SessionProvider';

/** Enrolment at login with a passkey instead of the app: the recovery codes and the login follow. */
export function PasskeyEnrolment({
  mfaToken,
  onDone,
}: {
  mfaToken: string;
  onDone: (done: { recoveryCodes: string[]; login: LoginAnswer }) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!browserSupportsWebAuthn()) return null;

  async function create() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { recoveryCodes, accessToken, user } = await registerPasskey({ mfaToken });
      if (!accessToken || !user || !recoveryCodes) throw new Error('the registration carried no login');
      onDone({ recoveryCodes, login: { accessToken, user } });
    } catch (failure) {
      setError(passkeyErrorMessage(t, failure, { 401: t('passkeys.enrol.refused') }));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="passkey-enrol-heading" className="app-stack">
      <Heading level={2} data-size="xs" id="passkey-enrol-heading">
        {t('passkeys.enrol.heading')}
      </Heading>
      <Paragraph>{t('passkeys.enrol.intro')}</Paragraph>
      {error && (
        <Alert data-color="danger" data-testid="passkey-enrol-error">
          {error}
        </Alert>
      )}
      <div>
        <Button onClick={() => void create()} aria-disabled={busy || undefined}>
          {busy ? t('passkeys.adding') : t('passkeys.enrol.create')}
        </Button>
      </div>
    </section>
  );
}
