import {
  Alert,
  Button,
  Card,
  Link as DsLink,
  Heading,
  Paragraph,
  Spinner,
  Textfield,
} from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import { call, errorMessage } from '../../../api/errors';
import { FormErrorSummary, type FormError } from '../../../components/FormErrorSummary';
import { PageHeading } from '../../../components/PageHeading';
import { isoToLocalInput, localInputToIso } from '../format';

const DAY = 86_400_000;
const MAX_DAYS = 92;

/** The link to the audit events behind a finding: a user's reads in the period. */
function eventsLink(actorId: string, from: string, to: string): string {
  return `/audit?${new URLSearchParams({ actorId, action: 'consultation.read', from, to }).toString()}`;
}

/** Access follow-up (GET /audit-reports/access): per user, reads worth a second look, with links. */
export default function AccessReportPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState(() => {
    const to = new Date(Date.now() + 60_000);
    return { from: new Date(to.getTime() - 7 * DAY).toISOString(), to: to.toISOString() };
  });
  const [draft, setDraft] = useState({ from: isoToLocalInput(period.from), to: isoToLocalInput(period.to) });
  const [errors, setErrors] = useState<FormError[]>([]);
  const report = useQuery({
    queryKey: ['access-report', period],
    queryFn: () => call(api.GET('/api/v1/audit-reports/access', { params: { query: period } })),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const from = localInputToIso(draft.from);
    const to = localInputToIso(draft.to);
    if (!from || !to || to <= from || new Date(to).getTime() - new Date(from).getTime() > MAX_DAYS * DAY) {
      setErrors([{ fieldId: 'report-from', message: t('pages.accessReport.rangeRequired') }]);
      return;
    }
    setErrors([]);
    setPeriod({ from, to });
  }
  const data = report.data;
  return (
    <div className="app-stack staff-wide">
      <PageHeading>{t('pages.accessReport.title')}</PageHeading>
      <Paragraph>{t('pages.accessReport.intro')}</Paragraph>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      <form noValidate onSubmit={submit} className="staff-form">
        <div className="staff-grid">
          <Textfield
            id="report-from"
            type="datetime-local"
            label={t('pages.accessReport.from')}
            value={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
            error={errors[0]?.message}
          />
          <Textfield
            id="report-to"
            type="datetime-local"
            label={t('pages.accessReport.to')}
            value={draft.to}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          />
        </div>
        <div>
          <Button type="submit">{t('pages.accessReport.show')}</Button>
        </div>
      </form>
      {report.isError && <Alert data-color="danger">{errorMessage(t, report.error)}</Alert>}
      {report.isPending && <Spinner aria-label={t('app.loading')} />}
      {data && (
        <section aria-live="polite" className="app-stack staff-wide" data-testid="access-report">
          <Paragraph>
            {t('pages.accessReport.totals', {
              reads: data.totals.reads,
              readers: data.totals.readers,
              flagged: data.totals.usersFlagged,
            })}
          </Paragraph>
          {data.users.length === 0 && <Paragraph>{t('pages.accessReport.none')}</Paragraph>}
          {data.users.map((u) => (
            <Card key={u.actorId} data-testid="access-finding">
              <Heading level={2} data-size="xs">
                {t('pages.accessReport.user', { role: t(`pages.staff.role.${u.actorRole}`), id: u.actorId })}
              </Heading>
              <ul className="staff-list">
                <li>{t('pages.accessReport.reads', { count: u.reads })}</li>
                {u.readsNotAssignedOrQueued.count > 0 && (
                  <li>
                    {t('pages.accessReport.notAssigned', { count: u.readsNotAssignedOrQueued.count })}
                    {u.readsNotAssignedOrQueued.truncated && ` ${t('pages.accessReport.truncated')}`}
                    <ul className="staff-list">
                      {u.readsNotAssignedOrQueued.consultationIds.map((id) => (
                        <li key={id}>
                          <DsLink asChild>
                            <Link to={`/cases/${id}/access-log`}>
                              {t('pages.accessReport.caseLog', { id })}
                            </Link>
                          </DsLink>
                        </li>
                      ))}
                    </ul>
                  </li>
                )}
                {u.readsOutsideBusinessHours.count > 0 && (
                  <li>
                    {t('pages.accessReport.outsideHours', { count: u.readsOutsideBusinessHours.count })}
                  </li>
                )}
                {u.unusualVolume.flagged && (
                  <li>
                    {t('pages.accessReport.unusualVolume', {
                      count: u.unusualVolume.count,
                      threshold: u.unusualVolume.threshold,
                    })}
                  </li>
                )}
              </ul>
              <Paragraph>
                <DsLink asChild>
                  <Link to={eventsLink(u.actorId, data.from, data.to)}>
                    {t('pages.accessReport.eventsLink')}
                  </Link>
                </DsLink>
              </Paragraph>
            </Card>
          ))}
        </section>
      )}
    </div>
  );
}
