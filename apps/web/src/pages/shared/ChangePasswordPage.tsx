import { Alert, Button, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiError, call, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';
import { PageHeading } from '../../components/PageHeading';

const ID = {
  current: 'change-password-current',
  next: 'change-password-new',
  repeat: 'change-password-repeat',
} as const;
/** POST /auth/password rules (OpenAPI ChangePasswordDto): the new password 12 to 256 characters. */
const PASSWORD_MIN = 12;
const PASSWORD_MAX = 256;

interface Draft {
  current: string;
  next: string;
  repeat: string;
}
const EMPTY: Draft = { current: '', next: '', repeat: '' };

/** The user changes their own password (POST /auth/password); every other login of theirs ends. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<FormError[]>([]);
  const change = useMutation({
    mutationFn: (d: Draft) =>
      call(api.POST('/api/v1/auth/password', { body: { currentPassword: d.current, newPassword: d.next } })),
    onSuccess: () => {
      setDraft(EMPTY);
      setErrors([]);
    },
    onError: (error) => setErrors(serverErrors(error)),
  });

  function serverErrors(error: unknown): FormError[] {
    if (error instanceof ApiError && error.status === 400) {
      if (error.fields.includes('currentPassword'))
        return [{ fieldId: ID.current, message: t('pages.changePassword.errors.currentWrong') }];
      if (error.fields.includes('newPassword'))
        return [{ fieldId: ID.next, message: t('pages.changePassword.errors.newRejected') }];
    }
    return [{ message: errorMessage(t, error, { 409: t('pages.changePassword.errors.noPassword') }) }];
  }

  function validate(d: Draft): FormError[] {
    const found: FormError[] = [];
    if (!d.current)
      found.push({ fieldId: ID.current, message: t('pages.changePassword.errors.currentMissing') });
    if (d.next.length < PASSWORD_MIN)
      found.push({ fieldId: ID.next, message: t('pages.changePassword.errors.newTooShort') });
    else if (d.next.length > PASSWORD_MAX)
      found.push({ fieldId: ID.next, message: t('pages.changePassword.errors.newTooLong') });
    else if (d.next === d.current)
      found.push({ fieldId: ID.next, message: t('pages.changePassword.errors.newSame') });
    if (d.repeat !== d.next)
      found.push({ fieldId: ID.repeat, message: t('pages.changePassword.errors.repeatDiffers') });
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    change.reset();
    const found = validate(draft);
    setErrors(found);
    if (found.length === 0) change.mutate(draft);
  }
  const fieldError = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const update = (next: Partial<Draft>) => setDraft((d) => ({ ...d, ...next }));

  return (
    <div className="app-stack">
      <PageHeading>{t('pages.changePassword.title')}</PageHeading>
      <Paragraph>{t('pages.changePassword.intro')}</Paragraph>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      {change.isSuccess && (
        <Alert data-color="success" role="status" data-testid="password-changed">
          {t('pages.changePassword.changed')}
        </Alert>
      )}
      <form noValidate onSubmit={submit} className="app-stack app-form">
        <Textfield
          id={ID.current}
          type="password"
          autoComplete="current-password"
          label={t('pages.changePassword.current')}
          value={draft.current}
          onChange={(e) => update({ current: e.target.value })}
          error={fieldError(ID.current)}
        />
        <Textfield
          id={ID.next}
          type="password"
          autoComplete="new-password"
          label={t('pages.changePassword.new')}
          description={t('pages.changePassword.newHint')}
          value={draft.next}
          onChange={(e) => update({ next: e.target.value })}
          error={fieldError(ID.next)}
        />
        <Textfield
          id={ID.repeat}
          type="password"
          autoComplete="new-password"
          label={t('pages.changePassword.repeat')}
          value={draft.repeat}
          onChange={(e) => update({ repeat: e.target.value })}
          error={fieldError(ID.repeat)}
        />
        <div>
          <Button type="submit" aria-disabled={change.isPending || undefined}>
            {change.isPending ? t('pages.changePassword.saving') : t('pages.changePassword.save')}
          </Button>
        </div>
      </form>
    </div>
  );
}
