import { Alert, Link as DsLink, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../../api/errors';
import { PageHeading } from '../../../components/PageHeading';
import { PurgedRequest, tombstoneOf } from '../../../components/PurgedRequest';
import { useUser } from '../../../session/SessionProvider';
import { AssignForm } from './AssignForm';
import { CaseFacts } from './CaseFacts';
import { CaseMessages } from './CaseMessages';
import { CaseMoves } from './CaseMoves';
import { LegalHold } from './LegalHold';
import { PriorityOverride } from './PriorityOverride';
import { useCase } from './useCase';

/**
 * One request for staff (GET /consultations/:id): what it says, the moves allowed now, legal hold
 * (placed and released by supervisors), priority override, assignment (supervisors), messages and
 * internal notes, and a link to its access log. A purged request (410) shows its tombstone.
 */
export default function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const consultation = useCase(id);
  const c = consultation.data;
  const tombstone = tombstoneOf(consultation.error);
  const accessLog = user.role === 'supervisor' && (
    <Paragraph>
      <DsLink asChild>
        <Link to={`/cases/${id}/access-log`}>{t('pages.case.accessLog')}</Link>
      </DsLink>
    </Paragraph>
  );
  if (tombstone) {
    return (
      <div className="staff-case">
        <PageHeading>{t('pages.purged.title', { reference: tombstone.reference })}</PageHeading>
        {accessLog}
        <PurgedRequest tombstone={tombstone} />
      </div>
    );
  }
  return (
    <div className="staff-case">
      <PageHeading>
        {c ? t('pages.case.title', { reference: c.reference }) : t('pages.case.loadingTitle')}
      </PageHeading>
      {consultation.isPending && <Spinner aria-label={t('app.loading')} />}
      {consultation.isError && <Alert data-color="danger">{errorMessage(t, consultation.error)}</Alert>}
      {c && (
        <>
          {accessLog}
          <CaseMoves consultation={c} />
          <CaseFacts consultation={c} />
          <LegalHold consultation={c} />
          <CaseMessages id={c.id} />
          <section className="staff-section staff-stack">
            <PriorityOverride consultation={c} />
            {user.role === 'supervisor' && <AssignForm consultation={c} />}
          </section>
        </>
      )}
    </div>
  );
}
