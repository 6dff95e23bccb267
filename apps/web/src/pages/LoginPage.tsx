import { Alert, Button, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { errorMessage } from '../api/errors';
import { FormErrorSummary, type FormError } from '../components/FormErrorSummary';
import { PublicLayout } from '../components/Layout';
import { PageHeading } from '../components/PageHeading';
import { forgetHandedStep, handedStep } from '../session/handed-step';
import { isLoggedIn, type SecondStep, useSession } from '../session/SessionProvider';
import { EnrolmentStep } from './login/EnrolmentStep';
import { SecondFactorStep } from './login/SecondFactorStep';

const EMAIL = 'login-email';
/** Single sign-on starts here (docs/accounts.md); the callback brings the browser back to `/` or to this page. */
const SSO_LOGIN = '/api/v1/auth/oidc/login';
/** `?sso=` of a sign-in the callback refused: each has its sentence under `sso.*`. */
const SSO_OUTCOMES = ['failed', 'insufficient', 'unavailable'] as const;
const PASSWORD = 'login-password';

/** Only paths of this app: `next` must never send anyone to another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * The login: email and password, then (when the account has or needs a second factor) its step.
 * Other ways in (single sign-on) belong beside the password form; other factors in SecondFactorStep.
 */
export default function LoginPage() {
  const { t } = useTranslation();
  const { state, login, idleMinutes, singleSignOn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  // A single sign-on the provider vouched no second factor for continues here (handed-step.ts).
  const [step, setStep] = useState<SecondStep | null>(() => handedStep(window.location.hash));
  useEffect(forgetHandedStep, []);

  if (isLoggedIn(state)) return <Navigate to={safeNext(params.get('next'))} replace />;
  const restart = () => {
    setStep(null);
    setPassword('');
    setBusy(false);
  };
  if (step)
    return (
      <PublicLayout>
        {step.kind === 'verify' ? (
          <SecondFactorStep step={step} onRestart={restart} />
        ) : (
          <EnrolmentStep step={step} onRestart={restart} />
        )}
      </PublicLayout>
    );
  const reason = state.status === 'anonymous' ? state.reason : undefined;
  const ssoOutcome = SSO_OUTCOMES.find((outcome) => outcome === params.get('sso'));
  const fieldError = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: FormError[] = [];
    if (!email.trim()) missing.push({ fieldId: EMAIL, message: t('login.emailRequired') });
    if (!password) missing.push({ fieldId: PASSWORD, message: t('login.passwordRequired') });
    setErrors(missing);
    if (missing.length) return;
    setBusy(true);
    try {
      const next = await login(email.trim(), password);
      if (next) setStep(next);
    } catch (error) {
      const message = errorMessage(t, error, { 401: t('login.wrongCredentials') });
      setErrors([{ fieldId: PASSWORD, message }]);
      setBusy(false);
    }
  }

  return (
    <PublicLayout>
      <div className="app-stack">
        <PageHeading>{t('login.title')}</PageHeading>
        {reason && (
          <Alert data-color={reason === 'loggedOut' ? 'info' : 'warning'} data-testid="session-ended">
            {reason === 'idle'
              ? t('session.loggedOutIdle', { minutes: idleMinutes })
              : reason === 'expired'
                ? t('session.expired')
                : t('session.loggedOut')}
          </Alert>
        )}
        {ssoOutcome && (
          <Alert data-color="warning" data-testid="sso-refused">
            {t(`sso.${ssoOutcome}`)}
          </Alert>
        )}
        <FormErrorSummary heading={t('login.errorSummaryHeading')} errors={errors} />
        {singleSignOn ? (
          <>
            <div>
              {/* A plain link: the browser leaves for the provider and comes back through the API's callback. */}
              <Button asChild>
                <a href={SSO_LOGIN} data-testid="sso-login">
                  {singleSignOn.name ? t('sso.button', { name: singleSignOn.name }) : t('sso.buttonGeneric')}
                </a>
              </Button>
            </div>
            <Paragraph>{t('sso.orPassword')}</Paragraph>
          </>
        ) : (
          <Paragraph>{t('login.intro')}</Paragraph>
        )}
        <form noValidate onSubmit={(event) => void submit(event)} className="app-stack">
          <Textfield
            id={EMAIL}
            label={t('login.email')}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldError(EMAIL)}
          />
          <Textfield
            id={PASSWORD}
            label={t('login.password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fieldError(PASSWORD)}
          />
          <div>
            <Button type="submit" aria-disabled={busy || undefined}>
              {busy ? t('login.submitting') : t('login.submit')}
            </Button>
          </div>
        </form>
        <Paragraph>
          <Link to="/forgot-password" className="ds-link">
            {t('login.forgotPassword')}
          </Link>
        </Paragraph>
      </div>
    </PublicLayout>
  );
}
