import {
  Alert,
  Button,
  Card,
  Fieldset,
  Heading,
  Paragraph,
  Radio,
  Spinner,
  Tag,
  Textfield,
} from '@digdir/designsystemet-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ApiError, call, errorMessage } from '../../../api/errors';
import { FormErrorSummary, type FormError } from '../../../components/FormErrorSummary';
import { formatDateTime } from '../format';
import { messagesKey } from './useCase';

const BODY_ID = 'case-message-body';

/**
 * Messages and internal notes, oldest first. A note is labelled as one in words ("Internal note …
 * never shown to the requester") and drawn differently (dashed border, tinted), never by colour alone.
 */
export function CaseMessages({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const messages = useQuery({
    queryKey: messagesKey(id),
    queryFn: () =>
      call(
        api.GET('/api/v1/consultations/{id}/messages', { params: { path: { id }, query: { limit: 100 } } }),
      ),
  });
  const [kind, setKind] = useState<'message' | 'note'>('message');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const send = useMutation({
    mutationFn: (input: { body: string; internal: boolean }) =>
      call(api.POST('/api/v1/consultations/{id}/messages', { params: { path: { id } }, body: input })),
    onSuccess: () => {
      setBody('');
      setErrors([]);
      void queryClient.invalidateQueries({ queryKey: messagesKey(id) });
    },
    onError: (error) => {
      const onBody = error instanceof ApiError && (error.status === 400 || error.status === 422);
      setErrors([
        {
          fieldId: BODY_ID,
          message:
            onBody && error.fields.some((f) => f === 'body')
              ? t('pages.case.identifyingRefused')
              : errorMessage(t, error),
        },
      ]);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    send.reset();
    if (!body.trim()) {
      setErrors([{ fieldId: BODY_ID, message: t('pages.case.bodyRequired') }]);
      return;
    }
    send.mutate({ body, internal: kind === 'note' });
  }

  const items = messages.data?.items ?? [];
  const bodyError = errors.find((e) => e.fieldId === BODY_ID)?.message;
  return (
    <section aria-labelledby="case-messages" className="staff-section">
      <Heading level={2} data-size="sm" id="case-messages">
        {t('pages.case.messagesHeading')}
      </Heading>
      {messages.isError && <Alert data-color="danger">{errorMessage(t, messages.error)}</Alert>}
      {messages.isPending && <Spinner aria-label={t('app.loading')} />}
      {messages.data && items.length === 0 && <Paragraph>{t('pages.case.noMessages')}</Paragraph>}
      {items.length > 0 && (
        <ol className="staff-messages" data-testid="messages">
          {items.map((m) => (
            <li key={m.id} data-testid={m.internal ? 'internal-note' : 'message'}>
              <Card
                className={m.internal ? 'staff-message staff-message--note' : 'staff-message'}
                data-color={m.internal ? 'warning' : 'neutral'}
                variant={m.internal ? 'tinted' : 'default'}
              >
                <div className="staff-card__top">
                  <Tag data-color={m.internal ? 'warning' : 'info'} variant="outline">
                    {m.internal
                      ? t('pages.case.noteLabel', { role: t(`pages.staff.role.${m.authorRole}`) })
                      : t('pages.case.messageLabel', { role: t(`pages.staff.role.${m.authorRole}`) })}
                  </Tag>
                  <time dateTime={m.createdAt} className="staff-muted">
                    {formatDateTime(i18n.language, m.createdAt)}
                  </time>
                </div>
                <Paragraph className="staff-summary">{m.body ?? t('pages.case.bodyUnreadable')}</Paragraph>
              </Card>
            </li>
          ))}
        </ol>
      )}

      <Heading level={3} data-size="xs">
        {t('pages.case.writeHeading')}
      </Heading>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      {send.isSuccess && (
        <Alert data-color="success" role="status" data-testid="message-saved">
          {send.variables.internal ? t('pages.case.noteSaved') : t('pages.case.sent')}
        </Alert>
      )}
      <form noValidate onSubmit={submit} className="app-stack staff-form">
        <Fieldset>
          <Fieldset.Legend>{t('pages.case.kindLegend')}</Fieldset.Legend>
          <Radio
            id="case-kind-message"
            name="case-kind"
            value="message"
            label={t('pages.case.kindMessage')}
            checked={kind === 'message'}
            onChange={() => setKind('message')}
          />
          <Radio
            id="case-kind-note"
            name="case-kind"
            value="note"
            label={t('pages.case.kindNote')}
            checked={kind === 'note'}
            onChange={() => setKind('note')}
          />
        </Fieldset>
        <Textfield
          id={BODY_ID}
          multiline
          rows={4}
          label={t('pages.case.bodyLabel')}
          value={body}
          maxLength={5000}
          onChange={(event) => setBody(event.target.value)}
          error={bodyError}
        />
        <div>
          <Button type="submit" aria-disabled={send.isPending || undefined}>
            {send.isPending
              ? t('pages.case.sending')
              : kind === 'note'
                ? t('pages.case.saveNote')
                : t('pages.case.sendMessage')}
          </Button>
        </div>
      </form>
    </section>
  );
}
