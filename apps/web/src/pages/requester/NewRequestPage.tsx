import {
  Alert,
  Button,
  Checkbox,
  Field,
  Fieldset,
  Heading,
  Label,
  Paragraph,
  Radio,
  Select,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { FormErrorSummary, type FormError } from '../../components/FormErrorSummary';
import { PageHeading } from '../../components/PageHeading';
import { EmergencyAlert } from './EmergencyAlert';
import { identifyingMessage, serverFieldErrors } from './fieldErrors';

type Body = Schemas['CreateConsultationDto'];
type Concern = Body['concernTypes'][number];
type Support = Body['requestedSupport'][number];
type Channel = Body['preferredContact']['channel'];
type AgeGroup = NonNullable<Schemas['SubjectDto']['ageGroup']>;
type Gender = NonNullable<Schemas['SubjectDto']['gender']>;
type Risk = keyof Body['riskFactors'];

const CONCERNS: readonly Concern[] = [
  'domestic_violence',
  'honor_related_violence',
  'sexual_violence',
  'prostitution',
  'human_trafficking',
  'child_exposed_to_violence',
  'other',
];
const RISKS: readonly Risk[] = [
  'immediateDanger',
  'childrenInHousehold',
  'threatsToKill',
  'strangulation',
  'weaponAccess',
  'escalatingViolence',
  'traffickingIndicators',
];
const SUPPORTS: readonly Support[] = [
  'advice',
  'conversation_support',
  'police_report_support',
  'protection',
  'joint_meeting',
];
const CHANNELS: readonly Channel[] = ['secure_message', 'phone', 'meeting'];
const AGE_GROUPS: readonly AgeGroup[] = ['child', 'youth', 'adult', 'elderly', 'unknown'];
const GENDERS: readonly Gender[] = ['female', 'male', 'other', 'unknown'];

/** Field ids: the error summary links to them (for a group, to its first box). */
const ID = {
  concerns: 'concern-domestic_violence',
  summary: 'new-request-summary',
  ageGroup: 'new-request-age-group',
  gender: 'new-request-gender',
  support: 'support-advice',
  channel: 'contact-secure_message',
  phone: 'new-request-phone',
} as const;

/** Server field names (400 `errors[].field`) to the field that shows them. */
function fieldIdOf(field: string): string {
  if (field.startsWith('concernTypes')) return ID.concerns;
  if (field.startsWith('requestedSupport')) return ID.support;
  if (field === 'preferredContact.phone') return ID.phone;
  if (field.startsWith('preferredContact')) return ID.channel;
  if (field === 'subject.ageGroup') return ID.ageGroup;
  if (field === 'subject.gender') return ID.gender;
  if (field.startsWith('riskFactors.')) return `risk-${field.slice('riskFactors.'.length)}`;
  return ID.summary;
}

interface Draft {
  concernTypes: Concern[];
  summary: string;
  ageGroup: AgeGroup | '';
  gender: Gender | '';
  risks: Record<Risk, boolean>;
  requestedSupport: Support[];
  channel: Channel;
  phone: string;
}

const EMPTY: Draft = {
  concernTypes: [],
  summary: '',
  ageGroup: '',
  gender: '',
  risks: {
    immediateDanger: false,
    childrenInHousehold: false,
    threatsToKill: false,
    strangulation: false,
    weaponAccess: false,
    escalatingViolence: false,
    traffickingIndicators: false,
  },
  requestedSupport: [],
  channel: 'secure_message',
  phone: '',
};

/** One key per form instance: a double click or a retry files the request once (api.md Idempotency-Key). */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

function toBody(draft: Draft): Body {
  return {
    concernTypes: draft.concernTypes,
    summary: draft.summary.trim(),
    subject: {
      identified: false,
      ...(draft.ageGroup ? { ageGroup: draft.ageGroup } : {}),
      ...(draft.gender ? { gender: draft.gender } : {}),
    },
    riskFactors: draft.risks,
    requestedSupport: draft.requestedSupport,
    preferredContact:
      draft.channel === 'phone'
        ? { channel: 'phone', phone: draft.phone.trim() }
        : { channel: draft.channel },
  };
}

function toggled<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
}

/** The requester's guided form for POST /consultations, then the reference number. */
export default function NewRequestPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const sentHeading = useRef<HTMLHeadingElement>(null);

  const send = useMutation({
    mutationFn: (body: Body) =>
      call(
        api.POST('/api/v1/consultations', {
          body,
          params: { header: { 'Idempotency-Key': idempotencyKey } },
        }),
      ),
    onSuccess: () => {
      setErrors([]);
      void queryClient.invalidateQueries({ queryKey: ['consultations'] });
    },
    onError: (error) => {
      const fields = serverFieldErrors(error);
      if (fields.size === 0) {
        setErrors([{ message: errorMessage(t, error) }]);
        return;
      }
      setErrors(
        [...fields].map(([field, messages]) => {
          const fieldId = fieldIdOf(field);
          const message =
            fieldId === ID.summary
              ? identifyingMessage(t, messages.join(' '))
              : t('pages.newRequest.errors.field');
          return { fieldId, message };
        }),
      );
    },
  });
  const sent = send.data;

  useEffect(() => {
    if (sent) sentHeading.current?.focus();
  }, [sent]);

  const fieldError = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const update = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  function validate(d: Draft): FormError[] {
    const found: FormError[] = [];
    if (d.concernTypes.length === 0)
      found.push({ fieldId: ID.concerns, message: t('pages.newRequest.errors.concernTypes') });
    const summary = d.summary.trim();
    if (summary.length < 10)
      found.push({ fieldId: ID.summary, message: t('pages.newRequest.errors.summaryTooShort') });
    else if (summary.length > 5000)
      found.push({ fieldId: ID.summary, message: t('pages.newRequest.errors.summaryTooLong') });
    if (d.requestedSupport.length === 0)
      found.push({ fieldId: ID.support, message: t('pages.newRequest.errors.requestedSupport') });
    if (d.channel === 'phone' && d.phone.trim() === '')
      found.push({ fieldId: ID.phone, message: t('pages.newRequest.errors.phoneRequired') });
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (send.isPending) return;
    const found = validate(draft);
    setErrors(found);
    if (found.length === 0) send.mutate(toBody(draft));
  }

  function startAnother() {
    setDraft(EMPTY);
    setErrors([]);
    setIdempotencyKey(newIdempotencyKey());
    send.reset();
  }

  if (sent) {
    const danger = sent.riskFactors.immediateDanger;
    return (
      <div className="app-form">
        <PageHeading>{t('pages.newRequest.title')}</PageHeading>
        {danger && <EmergencyAlert resources={sent.advice?.resources} />}
        <Alert data-color="success" data-testid="request-sent">
          <Heading level={2} data-size="sm" tabIndex={-1} ref={sentHeading}>
            {t('pages.newRequest.sentHeading')}
          </Heading>
          <Paragraph data-testid="request-reference">
            {t('pages.newRequest.sentReference', { reference: sent.reference })}
          </Paragraph>
          <Paragraph>{t('pages.newRequest.sentNext')}</Paragraph>
        </Alert>
        <Paragraph>
          <Link className="ds-link" to={`/requests/${sent.id}`}>
            {t('pages.newRequest.openRequest', { reference: sent.reference })}
          </Link>
        </Paragraph>
        <div>
          <Button variant="secondary" onClick={startAnother}>
            {t('pages.newRequest.another')}
          </Button>
        </div>
      </div>
    );
  }

  const groupError = (id: string) => {
    const message = fieldError(id);
    return message ? <ValidationMessage id={`${id}-error`}>{message}</ValidationMessage> : null;
  };
  const describedBy = (hintId: string, id: string) =>
    [hintId, fieldError(id) ? `${id}-error` : null].filter(Boolean).join(' ');

  return (
    <div className="app-form">
      <PageHeading>{t('pages.newRequest.title')}</PageHeading>
      <Paragraph>{t('pages.newRequest.intro')}</Paragraph>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      <form noValidate onSubmit={submit} className="app-form">
        <Fieldset aria-describedby={describedBy('concern-hint', ID.concerns)}>
          <Fieldset.Legend>{t('pages.newRequest.concernLegend')}</Fieldset.Legend>
          <Fieldset.Description id="concern-hint">{t('pages.newRequest.concernHint')}</Fieldset.Description>
          {CONCERNS.map((concern) => (
            <Checkbox
              key={concern}
              id={`concern-${concern}`}
              label={t(`pages.newRequest.concerns.${concern}`)}
              checked={draft.concernTypes.includes(concern)}
              aria-invalid={fieldError(ID.concerns) ? true : undefined}
              onChange={(e) =>
                update({ concernTypes: toggled(draft.concernTypes, concern, e.target.checked) })
              }
            />
          ))}
          {groupError(ID.concerns)}
        </Fieldset>

        <Textfield
          multiline
          rows={6}
          id={ID.summary}
          label={t('pages.newRequest.summaryLabel')}
          description={t('pages.newRequest.summaryHint')}
          value={draft.summary}
          onChange={(e) => update({ summary: e.target.value })}
          error={fieldError(ID.summary)}
        />

        <Fieldset>
          <Fieldset.Legend>{t('pages.newRequest.riskLegend')}</Fieldset.Legend>
          <Fieldset.Description>{t('pages.newRequest.riskHint')}</Fieldset.Description>
          {RISKS.map((risk) => (
            <Checkbox
              key={risk}
              id={`risk-${risk}`}
              label={t(`pages.newRequest.risk.${risk}`)}
              checked={draft.risks[risk]}
              error={fieldError(`risk-${risk}`)}
              onChange={(e) => update({ risks: { ...draft.risks, [risk]: e.target.checked } })}
            />
          ))}
        </Fieldset>
        {draft.risks.immediateDanger && <EmergencyAlert />}

        <Fieldset>
          <Fieldset.Legend>{t('pages.newRequest.subjectLegend')}</Fieldset.Legend>
          <Field>
            <Label htmlFor={ID.ageGroup}>{t('pages.newRequest.ageGroupLabel')}</Label>
            <Select
              id={ID.ageGroup}
              value={draft.ageGroup}
              aria-invalid={fieldError(ID.ageGroup) ? true : undefined}
              onChange={(e) => update({ ageGroup: e.target.value as AgeGroup | '' })}
            >
              <Select.Option value="">{t('pages.newRequest.notStated')}</Select.Option>
              {AGE_GROUPS.map((group) => (
                <Select.Option key={group} value={group}>
                  {t(`pages.newRequest.ageGroups.${group}`)}
                </Select.Option>
              ))}
            </Select>
            {fieldError(ID.ageGroup) && <ValidationMessage>{fieldError(ID.ageGroup)}</ValidationMessage>}
          </Field>
          <Field>
            <Label htmlFor={ID.gender}>{t('pages.newRequest.genderLabel')}</Label>
            <Select
              id={ID.gender}
              value={draft.gender}
              aria-invalid={fieldError(ID.gender) ? true : undefined}
              onChange={(e) => update({ gender: e.target.value as Gender | '' })}
            >
              <Select.Option value="">{t('pages.newRequest.notStated')}</Select.Option>
              {GENDERS.map((gender) => (
                <Select.Option key={gender} value={gender}>
                  {t(`pages.newRequest.genders.${gender}`)}
                </Select.Option>
              ))}
            </Select>
            {fieldError(ID.gender) && <ValidationMessage>{fieldError(ID.gender)}</ValidationMessage>}
          </Field>
        </Fieldset>

        <Fieldset aria-describedby={describedBy('support-hint', ID.support)}>
          <Fieldset.Legend>{t('pages.newRequest.supportLegend')}</Fieldset.Legend>
          <Fieldset.Description id="support-hint">{t('pages.newRequest.supportHint')}</Fieldset.Description>
          {SUPPORTS.map((support) => (
            <Checkbox
              key={support}
              id={`support-${support}`}
              label={t(`pages.newRequest.support.${support}`)}
              checked={draft.requestedSupport.includes(support)}
              aria-invalid={fieldError(ID.support) ? true : undefined}
              onChange={(e) =>
                update({ requestedSupport: toggled(draft.requestedSupport, support, e.target.checked) })
              }
            />
          ))}
          {groupError(ID.support)}
        </Fieldset>

        <Fieldset aria-describedby={fieldError(ID.channel) ? `${ID.channel}-error` : undefined}>
          <Fieldset.Legend>{t('pages.newRequest.contactLegend')}</Fieldset.Legend>
          {CHANNELS.map((channel) => (
            <Radio
              key={channel}
              id={`contact-${channel}`}
              name="preferred-contact"
              value={channel}
              label={t(`pages.newRequest.contact.${channel}`)}
              checked={draft.channel === channel}
              onChange={() => update({ channel })}
            />
          ))}
          {groupError(ID.channel)}
        </Fieldset>
        {draft.channel === 'phone' && (
          <Textfield
            id={ID.phone}
            type="tel"
            autoComplete="tel"
            label={t('pages.newRequest.phoneLabel')}
            description={t('pages.newRequest.phoneHint')}
            value={draft.phone}
            onChange={(e) => update({ phone: e.target.value })}
            error={fieldError(ID.phone)}
          />
        )}

        <Alert data-color="info" data-testid="public-document-notice">
          <Heading level={2} data-size="xs">
            {t('pages.newRequest.publicNoticeHeading')}
          </Heading>
          <Paragraph>{t('pages.newRequest.publicNotice')}</Paragraph>
        </Alert>
        <div>
          <Button type="submit" aria-disabled={send.isPending || undefined}>
            {send.isPending ? t('pages.newRequest.submitting') : t('pages.newRequest.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}
