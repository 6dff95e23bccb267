import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authenticateWithPasskey, passkeyErrorMessage } from '../../session/passkey-ceremony';
import { useSession } from '../../session/SessionProvider';

/** "Use a passkey" at the second step of a login, for a user whose answer lists `webauthn`. */
export function PasskeyLogin({ mfaToken }: { mfaToken: string }) {
  const { t } = useTranslation();
  const { completeLogin } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function use() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      completeLogin(await authenticateWithPasskey(mfaToken));
    } catch (failure) {
      setError(passkeyErrorMessage(t, failure, { 401: t('passkeys.login.refused') }));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="passkey-login-heading" className="app-stack">
      <Heading level={2} data-size="xs" id="passkey-login-heading">
        {t('passkeys.login.heading')}
      </Heading>
      <Paragraph>{t('passkeys.login.intro')}</Paragraph>
      {error && (
        <Alert data-color="danger" data-testid="passkey-login-error">
          {error}
        </Alert>
      )}
      <div>
        <Button onClick={() => void use()} aria-disabled={busy || undefined}>
          {busy ? t('passkeys.adding') : t('passkeys.login.use')}
        </Button>
      </div>
    </section>
  );
}
