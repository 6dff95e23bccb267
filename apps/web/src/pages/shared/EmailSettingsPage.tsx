import { Alert, Button, Checkbox, Fieldset, Paragraph, Radio, Spinner } from '@digdir/designsystemet-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';
import { PageHeading } from '../../components/PageHeading';
import { type Role, useUser } from '../../session/SessionProvider';

type Preferences = Schemas['NotificationPreferencesDto'];
type Kind = keyof Preferences['email'];
type Locale = Preferences['locale'];

/** The kinds of mail each role can get (docs/mail.md); the others keep their stored value. */
const KINDS_OF: Record<Role, readonly Kind[]> = {
  requester: ['message'],
  investigator: ['newCritical', 'assigned', 'message'],
  supervisor: ['newCritical', 'assigned', 'slaBreach', 'message'],
  admin: [],
};
const LOCALES: readonly Locale[] = ['sv', 'en'];
const QUERY_KEY = ['me', 'notification-preferences'];
const FORM_ERROR_ID = 'email-settings-kinds';

/** Which events reach the user by email, and in which language (GET/PUT /me/notification-preferences). */
export default function EmailSettingsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const saved = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => call(api.GET('/api/v1/me/notification-preferences')),
  });
  const [draft, setDraft] = useState<Preferences | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const save = useMutation({
    mutationFn: (body: Preferences) => call(api.PUT('/api/v1/me/notification-preferences', { body })),
    onSuccess: (answer) => {
      queryClient.setQueryData(QUERY_KEY, answer);
      setDraft(answer);
      setErrors([]);
    },
    onError: (error) => setErrors([{ fieldId: FORM_ERROR_ID, message: errorMessage(t, error) }]),
  });
  useEffect(() => {
    if (saved.data && !draft) setDraft(saved.data);
  }, [saved.data, draft]);

  const kinds = KINDS_OF[user.role];
  const toggle = (kind: Kind, on: boolean) => {
    save.reset();
    setDraft((d) => (d ? { ...d, email: { ...d.email, [kind]: on } } : d));
  };
  const choose = (locale: Locale) => {
    save.reset();
    setDraft((d) => (d ? { ...d, locale } : d));
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft) save.mutate(draft);
  }

  return (
    <div className="app-stack">
      <PageHeading>{t('pages.emailSettings.title')}</PageHeading>
      <Paragraph>{t('pages.emailSettings.intro')}</Paragraph>
      {saved.isError && <Alert data-color="danger">{errorMessage(t, saved.error)}</Alert>}
      {!draft && !saved.isError && <Spinner aria-label={t('app.loading')} />}
      {draft && (
        <>
          <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
          {save.isSuccess && (
            <Alert data-color="success" role="status" data-testid="email-settings-saved">
              {t('pages.emailSettings.saved')}
            </Alert>
          )}
          <form noValidate onSubmit={submit} className="app-stack">
            {kinds.length > 0 ? (
              <Fieldset id={FORM_ERROR_ID}>
                <Fieldset.Legend>{t('pages.emailSettings.kindsLegend')}</Fieldset.Legend>
                {kinds.map((kind) => (
                  <Checkbox
                    key={kind}
                    id={`email-${kind}`}
                    label={t(`pages.emailSettings.kinds.${kind}.label`)}
                    description={t(`pages.emailSettings.kinds.${kind}.description`)}
                    checked={draft.email[kind]}
                    onChange={(event) => toggle(kind, event.target.checked)}
                  />
                ))}
              </Fieldset>
            ) : (
              <Paragraph id={FORM_ERROR_ID}>{t('pages.emailSettings.noKinds')}</Paragraph>
            )}
            <Fieldset>
              <Fieldset.Legend>{t('pages.emailSettings.languageLegend')}</Fieldset.Legend>
              {LOCALES.map((locale) => (
                <Radio
                  key={locale}
                  id={`email-locale-${locale}`}
                  name="email-locale"
                  value={locale}
                  label={t(`language.${locale}`)}
                  checked={draft.locale === locale}
                  onChange={() => choose(locale)}
                />
              ))}
            </Fieldset>
            <div>
              <Button type="submit" aria-disabled={save.isPending || undefined}>
                {save.isPending ? t('pages.emailSettings.saving') : t('pages.emailSettings.save')}
              </Button>
            </div>
          </form>
        </>
      )}
    </div>
  );
}
