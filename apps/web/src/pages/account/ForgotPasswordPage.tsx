import { Alert, Button, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';
import { PublicLayout } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';

const EMAIL = 'forgot-email';

/**
 * `/forgot-password` (from the login page): asks for a reset link. The answer is the same whether
 * or not the address has an account, and so is this page's.
 */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const ask = useMutation({
    mutationFn: (address: string) =>
      call(api.POST('/api/v1/auth/password-reset', { body: { email: address } })),
    onError: (error) => setErrors([{ message: errorMessage(t, error) }]),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (ask.isPending) return;
    const found = email.trim() ? [] : [{ fieldId: EMAIL, message: t('login.emailRequired') }];
    setErrors(found);
    if (found.length === 0) ask.mutate(email.trim());
  }

  return (
    <PublicLayout>
      <div className="app-stack">
        <PageHeading>{t('account.forgot.title')}</PageHeading>
        {ask.isSuccess ? (
          <Alert data-color="info" role="status" data-testid="reset-asked">
            {t('account.forgot.sent')}
          </Alert>
        ) : (
          <>
            <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
            <Paragraph>{t('account.forgot.intro')}</Paragraph>
            <form noValidate onSubmit={submit} className="app-stack">
              <Textfield
                id={EMAIL}
                type="email"
                autoComplete="username"
                label={t('login.email')}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={errors.find((e) => e.fieldId === EMAIL)?.message}
              />
              <div>
                <Button type="submit" aria-disabled={ask.isPending || undefined}>
                  {ask.isPending ? t('account.forgot.sending') : t('account.forgot.submit')}
                </Button>
              </div>
            </form>
          </>
        )}
        <Paragraph>
          <Link to="/login" className="ds-link">
            {t('account.toLogin')}
          </Link>
        </Paragraph>
      </div>
    </PublicLayout>
  );
}
