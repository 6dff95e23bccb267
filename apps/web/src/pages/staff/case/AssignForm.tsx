import {
  Alert,
  Button,
  Details,
  Field,
  Label,
  Paragraph,
  Select,
  Spinner,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../../api/client';
import { ApiError, call, errorMessage } from '../../../api/errors';
import { FormErrorSummary, type FormError } from '../../../components/FormErrorSummary';
import type { Consultation } from '../vocabulary';
import { changeError, useCaseChanged } from './useCase';

const INVESTIGATOR_ID = 'case-assign-investigator';
type Investigator = Schemas['InvestigatorDto'];

/**
 * Assign to an investigator (POST /consultations/:id/assign, supervisors), chosen by name from
 * GET /investigators (on duty first, then the least loaded). The list is fetched when the control
 * is opened, so the case page itself makes no call for it.
 */
export function AssignForm({ consultation: c }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Details data-testid="assign" onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <Details.Summary>{t('pages.case.assignHeading')}</Details.Summary>
      <Details.Content>{open && <AssignChoice consultation={c} />}</Details.Content>
    </Details>
  );
}

function AssignChoice({ consultation: c }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const changed = useCaseChanged(c.id);
  const investigators = useQuery({
    queryKey: ['investigators'],
    queryFn: () => call(api.GET('/api/v1/investigators')),
    select: (list) => list.items,
  });
  const [investigatorId, setInvestigatorId] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const assign = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/consultations/{id}/assign', {
          params: { path: { id: c.id }, header: { 'If-Match': String(c.version) } },
          body: { investigatorId },
        }),
      ),
    onSuccess: (answer) => {
      setErrors([]);
      changed(answer);
      void investigators.refetch();
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
    if (!investigatorId) {
      setErrors([{ fieldId: INVESTIGATOR_ID, message: t('pages.case.assignRequired') }]);
      return;
    }
    assign.mutate();
  }
  if (investigators.isPending) return <Spinner aria-label={t('app.loading')} />;
  if (investigators.isError) return <Alert data-color="danger">{errorMessage(t, investigators.error)}</Alert>;
  if (investigators.data.length === 0) return <Paragraph>{t('pages.case.assignNobody')}</Paragraph>;
  const fieldError = errors.find((e) => e.fieldId === INVESTIGATOR_ID)?.message;
  return (
    <>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      {assign.isSuccess && (
        <Alert data-color="success" role="status">
          {t('pages.case.assigned')}
        </Alert>
      )}
      <form noValidate onSubmit={submit} className="app-stack staff-form">
        <Field>
          <Label htmlFor={INVESTIGATOR_ID}>{t('pages.case.assignLabel')}</Label>
          <Select
            id={INVESTIGATOR_ID}
            value={investigatorId}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${INVESTIGATOR_ID}-error` : undefined}
            onChange={(event) => setInvestigatorId(event.target.value)}
          >
            <Select.Option value="">{t('pages.case.assignChoose')}</Select.Option>
            {investigators.data.map((person) => (
              <Select.Option key={person.id} value={person.id}>
                {optionText(t, person)}
              </Select.Option>
            ))}
          </Select>
          {fieldError && <ValidationMessage id={`${INVESTIGATOR_ID}-error`}>{fieldError}</ValidationMessage>}
        </Field>
        <div>
          <Button type="submit" variant="secondary" aria-disabled={assign.isPending || undefined}>
            {t('pages.case.assignSubmit')}
          </Button>
        </div>
      </form>
    </>
  );
}

/** "Anna Andersson (on duty, 2 open requests)": who, and how busy, in one line. */
function optionText(t: TFunction, person: Investigator): string {
  return t('pages.case.assignOption', {
    name: person.displayName,
    duty: person.onDuty ? t('pages.case.assignOnDuty') : t('pages.case.assignOffDuty'),
    count: person.openCases,
  });
}
