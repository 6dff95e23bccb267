import { Button, Details, Field, Label, Select, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ApiError, call } from '../../../api/errors';
import { type Consultation, type Priority, PRIORITIES, priorityText } from '../vocabulary';
import { CaseFormFeedback } from './CaseFormFeedback';
import { changeError } from './useCase';
import { useCaseMutationForm } from './useCaseMutationForm';

const PRIORITY_ID = 'case-override-priority';
const REASON_ID = 'case-override-reason';

/** Set the priority by hand with the reason (POST /consultations/:id/triage). */
export function PriorityOverride({ consultation: c }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const [priority, setPriority] = useState<Priority>(c.priority ?? 'normal');
  const [reason, setReason] = useState('');
  const { mutation: save, errors, submit } = useCaseMutationForm({
    consultation: c,
    send: () =>
      call(
        api.POST('/api/v1/consultations/{id}/triage', {
          params: { path: { id: c.id }, header: { 'If-Match': String(c.version) } },
          body: { priority, reason: reason.trim() },
        }),
      ),
    check: () =>
      reason.trim().length < 3 ? { fieldId: REASON_ID, message: t('pages.case.overrideReasonRequired') } : null,
    refusal: (error) => {
      const onReason = error instanceof ApiError && error.status === 400 && error.fields.includes('reason');
      return {
        fieldId: onReason ? REASON_ID : PRIORITY_ID,
        message: onReason
          ? t('pages.case.overrideReasonRequired')
          : changeError(t, error, { 403: t('pages.case.overrideForbidden') }),
      };
    },
    onDone: () => setReason(''),
  });
  const reasonError = errors.find((e) => e.fieldId === REASON_ID)?.message;
  return (
    <Details data-testid="priority-override">
      <Details.Summary>{t('pages.case.overrideHeading')}</Details.Summary>
      <Details.Content>
        <CaseFormFeedback errors={errors} done={save.isSuccess} doneText={t('pages.case.overrideDone')} />
        <form noValidate onSubmit={submit} className="app-stack staff-form">
          <Field>
            <Label htmlFor={PRIORITY_ID}>{t('pages.case.overridePriority')}</Label>
            <Select
              id={PRIORITY_ID}
              value={priority}
              onChange={(event) => setPriority(event.target.value as Priority)}
            >
              {PRIORITIES.map((p) => (
                <Select.Option key={p} value={p}>
                  {priorityText(t, p)}
                </Select.Option>
              ))}
            </Select>
          </Field>
          <Textfield
            id={REASON_ID}
            multiline
            rows={2}
            maxLength={1000}
            label={t('pages.case.overrideReason')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={reasonError}
          />
          <div>
            <Button type="submit" variant="secondary" aria-disabled={save.isPending || undefined}>
              {t('pages.case.overrideSubmit')}
            </Button>
          </div>
        </form>
      </Details.Content>
    </Details>
  );
}
