import { Button, Field, Fieldset, Label, Select, Textfield } from '@digdir/designsystemet-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorSummary, type FormError } from '../../../components/FormErrorSummary';
import { isoToLocalInput, localInputToIso, UUID } from '../format';

export interface AuditFilter {
  actorId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: 'success' | 'denied' | 'failure';
  from?: string;
  to?: string;
}
export const FILTER_KEYS = [
  'actorId',
  'action',
  'resourceType',
  'resourceId',
  'outcome',
  'from',
  'to',
] as const;
const OUTCOMES = ['success', 'denied', 'failure'] as const;

/** Every filter of GET /audit-events; times are entered in local time and sent as instants. */
export function AuditFilters({
  value,
  onApply,
}: {
  value: AuditFilter;
  onApply: (filter: AuditFilter) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({
    actorId: value.actorId ?? '',
    action: value.action ?? '',
    resourceType: value.resourceType ?? '',
    resourceId: value.resourceId ?? '',
    outcome: value.outcome ?? '',
    from: isoToLocalInput(value.from),
    to: isoToLocalInput(value.to),
  });
  const [errors, setErrors] = useState<FormError[]>([]);
  const set = (key: keyof typeof draft) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: event.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FormError[] = [];
    if (draft.actorId.trim() && !UUID.test(draft.actorId.trim()))
      found.push({ fieldId: 'audit-actorId', message: t('pages.audit.invalidId') });
    const from = localInputToIso(draft.from);
    const to = localInputToIso(draft.to);
    if (from && to && to <= from) found.push({ fieldId: 'audit-to', message: t('pages.audit.invalidRange') });
    setErrors(found);
    if (found.length > 0) return;
    const filter: AuditFilter = {};
    for (const key of ['actorId', 'action', 'resourceType', 'resourceId'] as const) {
      const v = draft[key].trim();
      if (v) filter[key] = v;
    }
    if (draft.outcome) filter.outcome = draft.outcome as AuditFilter['outcome'];
    if (from) filter.from = from;
    if (to) filter.to = to;
    onApply(filter);
  }
  function clear() {
    setDraft({ actorId: '', action: '', resourceType: '', resourceId: '', outcome: '', from: '', to: '' });
    setErrors([]);
    onApply({});
  }
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <form noValidate onSubmit={submit} className="staff-form" data-testid="audit-filters">
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      <Fieldset>
        <Fieldset.Legend>{t('pages.audit.filtersHeading')}</Fieldset.Legend>
        <div className="staff-grid">
          <Textfield
            id="audit-actorId"
            label={t('pages.audit.actorId')}
            value={draft.actorId}
            onChange={set('actorId')}
            error={error('audit-actorId')}
          />
          <Textfield
            id="audit-action"
            label={t('pages.audit.action')}
            description={t('pages.audit.actionDescription')}
            value={draft.action}
            onChange={set('action')}
          />
          <Textfield
            id="audit-resourceType"
            label={t('pages.audit.resourceType')}
            value={draft.resourceType}
            onChange={set('resourceType')}
          />
          <Textfield
            id="audit-resourceId"
            label={t('pages.audit.resourceId')}
            value={draft.resourceId}
            onChange={set('resourceId')}
          />
          <Field>
            <Label htmlFor="audit-outcome">{t('pages.audit.outcome')}</Label>
            <Select id="audit-outcome" value={draft.outcome} onChange={set('outcome')}>
              <Select.Option value="">{t('pages.audit.anyOutcome')}</Select.Option>
              {OUTCOMES.map((o) => (
                <Select.Option key={o} value={o}>
                  {t(`pages.audit.outcomeValue.${o}`)}
                </Select.Option>
              ))}
            </Select>
          </Field>
          <Textfield
            id="audit-from"
            type="datetime-local"
            label={t('pages.audit.from')}
            value={draft.from}
            onChange={set('from')}
          />
          <Textfield
            id="audit-to"
            type="datetime-local"
            label={t('pages.audit.to')}
            value={draft.to}
            onChange={set('to')}
            error={error('audit-to')}
          />
        </div>
        <div className="staff-row">
          <Button type="submit">{t('pages.audit.apply')}</Button>
          <Button type="button" variant="tertiary" onClick={clear}>
            {t('pages.audit.clear')}
          </Button>
        </div>
      </Fieldset>
    </form>
  );
}
