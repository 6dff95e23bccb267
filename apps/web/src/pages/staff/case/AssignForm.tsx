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
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../../api/client';
import { call, errorMessage } from '../../../api/errors';
import type { Consultation } from '../vocabulary';
import { CaseFormFeedback } from './CaseFormFeedback';
import { changeError } from './useCase';
import { useCaseMutationForm } from './useCaseMutationForm';

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
  const investigators = useQuery({
    queryKey: ['investigators'],
    queryFn: () => call(api.GET('/api/v1/investigators')),
    select: (list) => list.items,
  });
  const [investigatorId, setInvestigatorId] = useState('');
  const refused = t('pages.case.assignRefused');
  const { mutation: assign, errors, submit } = useCaseMutationForm({
    consultation: c,
    send: () =>
      call(
        api.POST('/api/v1/consultations/{id}/assign', {
          params: { path: { id: c.id }, header: { 'If-Match': String(c.version) } },
          body: { investigatorId },
        }),
      ),
    check: () => (investigatorId ? null : { fieldId: INVESTIGATOR_ID, message: t('pages.case.assignRequired') }),
    refusal: (error) => ({
      fieldId: INVESTIGATOR_ID,
      message: changeError(t, error, { 400: refused, 404: refused, 409: refused, 422: refused }),
    }),
    onDone: () => void investigators.refetch(),
  });
  if (investigators.isPending) return <Spinner aria-label={t('app.loading')} />;
  if (investigators.isError) return <Alert data-color="danger">{errorMessage(t, investigators.error)}</Alert>;
  if (investigators.data.length === 0) return <Paragraph>{t('pages.case.assignNobody')}</Paragraph>;
  const fieldError = errors.find((e) => e.fieldId === INVESTIGATOR_ID)?.message;
  return (
    <>
      <CaseFormFeedback errors={errors} done={assign.isSuccess} doneText={t('pages.case.assigned')} />
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
