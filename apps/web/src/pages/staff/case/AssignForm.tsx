import { Alert, Button, Details, Textfield } from '@digdir/designsystemet-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ApiError, call } from '../../../api/errors';
import { FormErrorSummary, type FormError } from '../../../components/FormErrorSummary';
import { UUID } from '../format';
import type { Consultation } from '../vocabulary';
import { changeError, useCaseChanged } from './useCase';

const INVESTIGATOR_ID = 'case-assign-investigator';

/**
 * Assign to an investigator (POST /consultations/:id/assign, supervisors). The list of users is
 * admin-only in the API, so the choices offered are the investigators who hold or held recent
 * requests (GET /consultations, which a supervisor may call); any other id can be pasted.
 */
export function AssignForm({ consultation: c }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const changed = useCaseChanged(c.id);
  const known = useQuery({
    queryKey: ['known-assignees'],
    queryFn: () => call(api.GET('/api/v1/consultations', { params: { query: { limit: 100 } } })),
    select: (page) => [...new Set(page.items.map((i) => i.assigneeId).filter((id): id is string => !!id))],
  });
  const [investigatorId, setInvestigatorId] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const assign = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/consultations/{id}/assign', {
          params: { path: { id: c.id }, header: { 'If-Match': String(c.version) } },
          body: { investigatorId: investigatorId.trim() },
        }),
      ),
    onSuccess: (answer) => {
      setErrors([]);
      changed(answer);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) changed();
      const refused = t('pages.case.assignRefused');
      setErrors([
        {
          fieldId: INVESTIGATOR_ID,
          message: changeError(t, error, { 400: refused, 404: refused, 409: refused, 422: refused }),
        },
      ]);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (assign.isPending) return;
    assign.reset();
    if (!UUID.test(investigatorId.trim())) {
      setErrors([{ fieldId: INVESTIGATOR_ID, message: t('pages.case.assignRequired') }]);
      return;
    }
    assign.mutate();
  }
  return (
    <Details data-testid="assign">
      <Details.Summary>{t('pages.case.assignHeading')}</Details.Summary>
      <Details.Content>
        <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
        {assign.isSuccess && (
          <Alert data-color="success" role="status">
            {t('pages.case.assigned')}
          </Alert>
        )}
        <form noValidate onSubmit={submit} className="app-stack staff-form">
          <Textfield
            id={INVESTIGATOR_ID}
            label={t('pages.case.assignLabel')}
            description={t('pages.case.assignDescription')}
            value={investigatorId}
            list="case-assign-known"
            autoComplete="off"
            onChange={(event) => setInvestigatorId(event.target.value)}
            error={errors.find((e) => e.fieldId === INVESTIGATOR_ID)?.message}
          />
          <datalist id="case-assign-known">
            {(known.data ?? []).map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <div>
            <Button type="submit" variant="secondary" aria-disabled={assign.isPending || undefined}>
              {t('pages.case.assignSubmit')}
            </Button>
          </div>
        </form>
      </Details.Content>
    </Details>
  );
}
