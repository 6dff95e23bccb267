import { Button, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ApiError, call } from '../../../api/errors';
import { FormErrorSummary } from '../../../components/FormErrorSummary';
import type { Consultation } from '../vocabulary';
import { changeError } from './useCase';
import { useCaseMutationForm } from './useCaseMutationForm';

export const HOLD_REASON_ID = 'case-hold-reason';

/** Place a legal hold with its reason (POST /consultations/:id/legal-hold, supervisors). */
export function LegalHoldForm({
  consultation: c,
  onDone,
}: {
  consultation: Consultation;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { mutation: place, errors, submit } = useCaseMutationForm({
    consultation: c,
    send: () =>
      call(
        api.POST('/api/v1/consultations/{id}/legal-hold', {
          params: { path: { id: c.id }, header: { 'If-Match': String(c.version) } },
          body: { reason: reason.trim() },
        }),
      ),
    check: () =>
      reason.trim().length < 3 ? { fieldId: HOLD_REASON_ID, message: t('pages.legalHold.reasonRequired') } : null,
    refusal: (error) => ({
      fieldId: HOLD_REASON_ID,
      message:
        error instanceof ApiError && error.status === 400 ? t('pages.legalHold.reasonRequired') : changeError(t, error),
    }),
    onDone: () => {
      setReason('');
      onDone();
    },
  });
  return (
    <form noValidate onSubmit={submit} className="app-stack staff-form" data-testid="legal-hold-form">
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      <Textfield
        id={HOLD_REASON_ID}
        multiline
        rows={2}
        maxLength={1000}
        label={t('pages.legalHold.reasonLabel')}
        description={t('pages.legalHold.reasonDescription')}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={errors.find((e) => e.fieldId === HOLD_REASON_ID)?.message}
      />
      <div>
        <Button type="submit" variant="secondary" aria-disabled={place.isPending || undefined}>
          {t('pages.legalHold.place')}
        </Button>
      </div>
    </form>
  );
}
