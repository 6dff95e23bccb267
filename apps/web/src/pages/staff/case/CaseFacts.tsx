import { Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../../session/SessionProvider';
import { formatDateTime } from '../format';
import { Deadline, PriorityTag, Reasons } from '../StaffBits';
import { type Consultation, statusText } from '../vocabulary';

const RISKS = [
  'immediateDanger',
  'childrenInHousehold',
  'threatsToKill',
  'strangulation',
  'weaponAccess',
  'escalatingViolence',
  'traffickingIndicators',
] as const;

/** What the request says: status, priority, deadline, summary, risk factors and triage reasons. */
export function CaseFacts({ consultation: c }: { consultation: Consultation }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const assignee = c.assigneeId
    ? c.assigneeId === user.id
      ? t('pages.staff.you')
      : c.assigneeId
    : t('pages.staff.unassigned');
  return (
    <section aria-labelledby="case-facts" className="staff-section">
      <Heading level={2} data-size="sm" id="case-facts">
        {t('pages.case.facts')}
      </Heading>
      <dl className="staff-facts" data-testid="case-facts">
        <dt>{t('pages.case.status')}</dt>
        <dd data-testid="case-status">{statusText(t, c.status)}</dd>
        <dt>{t('pages.case.priority')}</dt>
        <dd>
          <PriorityTag priority={c.priority} />
        </dd>
        {c.riskScore !== null && (
          <>
            <dt>{t('pages.case.riskScore')}</dt>
            <dd>{c.riskScore}</dd>
          </>
        )}
        <dt>{t('pages.case.deadline')}</dt>
        <dd>
          <Deadline slaDueAt={c.status === 'closed' || c.status === 'withdrawn' ? null : c.slaDueAt} />
        </dd>
        <dt>{t('pages.case.assignee')}</dt>
        <dd data-testid="case-assignee">{assignee}</dd>
        <dt>{t('pages.case.created')}</dt>
        <dd>
          <time dateTime={c.createdAt}>{formatDateTime(i18n.language, c.createdAt)}</time>
        </dd>
        {c.outcome && (
          <>
            <dt>{t('pages.case.outcome')}</dt>
            <dd data-testid="case-outcome">{t(`pages.staff.outcome.${c.outcome}`)}</dd>
          </>
        )}
        <dt>{t('pages.case.concerns')}</dt>
        <dd>{c.concernTypes.map((type) => t(`pages.staff.concern.${type}`)).join(', ')}</dd>
        <dt>{t('pages.case.subject')}</dt>
        <dd>
          {[
            c.subject.identified ? t('pages.case.identified') : t('pages.case.deidentified'),
            c.subject.ageGroup && t(`pages.case.ageGroup.${c.subject.ageGroup}`),
            c.subject.gender && t(`pages.case.gender.${c.subject.gender}`),
          ]
            .filter(Boolean)
            .join(', ')}
        </dd>
        <dt>{t('pages.case.contact')}</dt>
        <dd>
          {t(`pages.case.channel.${c.preferredContact.channel}`)}
          {c.preferredContact.phone ? `: ${c.preferredContact.phone}` : ''}
        </dd>
        <dt>{t('pages.case.supportHeading')}</dt>
        <dd>{c.requestedSupport.map((s) => t(`pages.case.support.${s}`)).join(', ')}</dd>
      </dl>

      <Heading level={2} data-size="sm">
        {t('pages.case.summaryHeading')}
      </Heading>
      <Paragraph className="staff-summary" data-testid="case-summary">
        {c.summary ?? t('pages.case.summaryUnreadable')}
      </Paragraph>

      <Heading level={2} data-size="sm">
        {t('pages.case.riskHeading')}
      </Heading>
      <ul className="staff-risks" data-testid="case-risks">
        {RISKS.map((risk) => (
          <li key={risk}>
            <Tag
              data-color={c.riskFactors[risk] ? 'danger' : 'neutral'}
              variant={c.riskFactors[risk] ? 'default' : 'outline'}
            >
              {c.riskFactors[risk] ? t('pages.case.yes') : t('pages.case.no')}
            </Tag>{' '}
            {t(`pages.case.risk.${risk}`)}
          </li>
        ))}
      </ul>

      <Heading level={2} data-size="sm">
        {t('pages.staff.reasonsLabel')}
      </Heading>
      <Reasons reasons={c.triageReasons} />
      {c.priorityOverride && (
        <Paragraph data-size="sm">
          {t('pages.case.override', { reason: c.priorityOverride.reason ?? '' })}
        </Paragraph>
      )}
    </section>
  );
}
