import { Alert, Button, Textfield } from '@digdir/designsystemet-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';
import { identifyingMessage, serverFieldErrors } from './fieldErrors';

const BODY = 'reply-body';

/** The requester's reply in a request (POST /consultations/{id}/messages); identifying data is refused on the field. */
export function ReplyForm({ consultationId }: { consultationId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const reply = useMutation({
    mutationFn: (text: string) =>
      call(
        api.POST('/api/v1/consultations/{id}/messages', {
          params: { path: { id: consultationId } },
          body: { body: text, internal: false },
        }),
      ),
    onSuccess: () => {
      setBody('');
      setErrors([]);
      void queryClient.invalidateQueries({ queryKey: ['consultations', consultationId] });
    },
    onError: (error) => {
      const fields = serverFieldErrors(error);
      const messages = fields.get('body');
      setErrors([
        messages
          ? { fieldId: BODY, message: identifyingMessage(t, messages.join(' ')) }
          : { message: errorMessage(t, error) },
      ]);
    },
  });
  const fieldError = errors.find((e) => e.fieldId === BODY)?.message;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (reply.isPending) return;
    const text = body.trim();
    if (!text) {
      setErrors([{ fieldId: BODY, message: t('pages.request.replyRequired') }]);
      return;
    }
    reply.mutate(text);
  }

  return (
    <form noValidate onSubmit={submit} className="app-form">
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      {reply.isSuccess && (
        <Alert data-color="success" role="status">
          {t('pages.request.messageSent')}
        </Alert>
      )}
      <Textfield
        multiline
        rows={4}
        id={BODY}
        label={t('pages.request.replyLabel')}
        description={t('pages.request.replyHint')}
        value={body}
        onChange={(e) => {
          reply.reset();
          setBody(e.target.value);
        }}
        error={fieldError}
      />
      <div>
        <Button type="submit" aria-disabled={reply.isPending || undefined}>
          {reply.isPending ? t('pages.request.sending') : t('pages.request.send')}
        </Button>
      </div>
    </form>
  );
}
