import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';

/** The service's password rules (api.md: 12 to 256 characters). */
const MIN = 12;
const MAX = 256;
const ID = { password: 'new-password', repeat: 'new-password-repeat' } as const;

/**
 * Choose a password through an emailed link (invitation or reset): the rules explained, typed
 * twice, checked here before it is sent. `gone` is what to say when the link cannot be used (410).
 */
export function SetPasswordForm({
  token,
  send,
  submitLabel,
  done,
  gone,
}: {
  token: string;
  send: (token: string, password: string) => Promise<unknown>;
  submitLabel: string;
  done: ReactNode;
  gone: ReactNode;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const submit = useMutation({
    mutationFn: () => send(token, password),
    onError: (error) => {
      if (!(error instanceof ApiError && error.status === 410))
        setErrors([{ message: errorMessage(t, error) }]);
    },
  });
  const fieldError = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  if (!token || (submit.error instanceof ApiError && submit.error.status === 410)) {
    return (
      <Alert data-color="warning" data-testid="link-gone">
        {gone}
      </Alert>
    );
  }
  if (submit.isSuccess) {
    return (
      <Alert data-color="success" role="status" data-testid="password-set">
        {done}
      </Alert>
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submit.isPending) return;
    const found: FormError[] = [];
    if (password.length < MIN)
      found.push({ fieldId: ID.password, message: t('account.errors.tooShort', { min: MIN }) });
    else if (password.length > MAX)
      found.push({ fieldId: ID.password, message: t('account.errors.tooLong', { max: MAX }) });
    else if (repeat !== password) found.push({ fieldId: ID.repeat, message: t('account.errors.mismatch') });
    setErrors(found);
    if (found.length === 0) submit.mutate();
  }

  return (
    <>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      <section aria-labelledby="password-rules" className="app-section">
        <Heading level={2} data-size="xs" id="password-rules">
          {t('account.rulesHeading')}
        </Heading>
        <ul>
          <li>{t('account.rulePhrase')}</li>
          <li>{t('account.ruleOwn')}</li>
        </ul>
      </section>
      <form noValidate onSubmit={onSubmit} className="app-stack">
        <Textfield
          id={ID.password}
          type="password"
          autoComplete="new-password"
          label={t('account.newPassword')}
          description={t('account.ruleLength', { min: MIN, max: MAX })}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError(ID.password)}
        />
        <Textfield
          id={ID.repeat}
          type="password"
          autoComplete="new-password"
          label={t('account.repeatPassword')}
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={fieldError(ID.repeat)}
        />
        <div>
          <Button type="submit" aria-disabled={submit.isPending || undefined}>
            {submit.isPending ? t('account.saving') : submitLabel}
          </Button>
        </div>
      </form>
      <Paragraph data-size="sm" className="app-muted">
        {t('account.linkOnce')}
      </Paragraph>
    </>
  );
}
