import { Alert, Card, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { PageHeading } from '../../components/PageHeading';
import { formatDateTime, formatDuration } from './format';
import { PRIORITIES, priorityText, STATUSES, statusText } from './vocabulary';

interface Bar {
  key: string;
  label: string;
  count: number;
}

/**
 * A bar chart that is a table: each row names the category and its count in text; the bar is
 * decoration (aria-hidden) scaled to the largest count. Reflows: the bar takes the remaining width.
 */
function BarTable({ caption, bars, testId }: { caption: string; bars: Bar[]; testId: string }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <table className="staff-bars" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('pages.dashboard.category')}</th>
          <th scope="col">{t('pages.dashboard.count')}</th>
        </tr>
      </thead>
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.key} className={`staff-bars__row staff-bars__row--${bar.key}`}>
            <th scope="row">{bar.label}</th>
            <td>
              <span className="staff-bars__value">{bar.count}</span>
              <span className="staff-bars__track" aria-hidden="true">
                <span className="staff-bars__bar" style={{ width: `${(bar.count / max) * 100}%` }} />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The supervisor's queue dashboard (GET /stats/queue), refreshed every 30 s. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const stats = useQuery({
    queryKey: ['stats-queue'],
    queryFn: () => call(api.GET('/api/v1/stats/queue')),
    refetchInterval: 30_000,
  });
  const s = stats.data;
  const seconds = (value: number | null) => (value === null ? '–' : formatDuration(t, value * 1000));
  return (
    <div className="app-stack staff-wide">
      <PageHeading>{t('pages.dashboard.title')}</PageHeading>
      {stats.isError && <Alert data-color="danger">{errorMessage(t, stats.error)}</Alert>}
      {stats.isPending && <Spinner aria-label={t('app.loading')} />}
      {s && (
        <>
          <Paragraph data-size="sm">
            {t('pages.dashboard.period', {
              from: formatDateTime(i18n.language, s.from),
              to: formatDateTime(i18n.language, s.to),
            })}
          </Paragraph>
          <div className="staff-dashboard">
            <Card
              data-color={s.openBreaches > 0 ? 'danger' : 'neutral'}
              variant="tinted"
              data-testid="breaches"
            >
              <Heading level={2} data-size="xs">
                {t('pages.dashboard.breaches')}
              </Heading>
              <Paragraph className="staff-big">
                {s.openBreaches > 0 && <span aria-hidden="true">⚠ </span>}
                {s.openBreaches}
              </Paragraph>
              <Paragraph data-size="sm">
                {t('pages.dashboard.breachesValue', { count: s.openBreaches })}
              </Paragraph>
            </Card>
            <Card data-testid="time-to-claim">
              <Heading level={2} data-size="xs">
                {t('pages.dashboard.timeToClaim')}
              </Heading>
              {s.timeToClaim.count === 0 ? (
                <Paragraph>{t('pages.dashboard.noClaims')}</Paragraph>
              ) : (
                <dl className="staff-facts">
                  <dt>{t('pages.dashboard.median')}</dt>
                  <dd>{seconds(s.timeToClaim.medianSeconds)}</dd>
                  <dt>{t('pages.dashboard.p90')}</dt>
                  <dd>{seconds(s.timeToClaim.p90Seconds)}</dd>
                  <dt>{t('pages.dashboard.claims')}</dt>
                  <dd>{s.timeToClaim.count}</dd>
                </dl>
              )}
            </Card>
          </div>
          <Card>
            <BarTable
              testId="by-priority"
              caption={t('pages.dashboard.byPriority')}
              bars={PRIORITIES.map((p) => ({ key: p, label: priorityText(t, p), count: s.byPriority[p] }))}
            />
          </Card>
          <Card>
            <BarTable
              testId="by-status"
              caption={t('pages.dashboard.byStatus')}
              bars={STATUSES.map((st) => ({ key: st, label: statusText(t, st), count: s.byStatus[st] }))}
            />
          </Card>
        </>
      )}
    </div>
  );
}
