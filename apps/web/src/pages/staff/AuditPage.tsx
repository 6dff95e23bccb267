import { Link as DsLink, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/errors';
import { ListView, pagesOf } from '../../components/ListView';
import { PageHeading } from '../../components/PageHeading';
import { AuditEventsTable } from './audit/AuditEventsTable';
import { AuditExport } from './audit/AuditExport';
import { type AuditFilter, AuditFilters, FILTER_KEYS } from './audit/AuditFilters';
import { ChainVerification } from './audit/ChainVerification';

/**
 * The audit trail (GET /audit-events) with every filter, kept in the address so a finding of the
 * access report can link here; keyset paging by "show more"; chain verification; export.
 */
export default function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => {
    const f: AuditFilter = {};
    for (const key of FILTER_KEYS) {
      const v = params.get(key);
      if (v) (f as Record<string, string>)[key] = v;
    }
    return f;
  }, [params]);
  const events = useInfiniteQuery({
    queryKey: ['audit-events', filter],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/audit-events', {
          params: { query: { ...filter, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <div className="app-stack staff-wide">
      <PageHeading>{t('pages.audit.title')}</PageHeading>
      <Paragraph>
        <DsLink asChild>
          <Link to="/audit/access-report">{t('pages.audit.reportLink')}</Link>
        </DsLink>
      </Paragraph>
      <AuditFilters
        key={params.toString()}
        value={filter}
        onApply={(f) => setParams(f as Record<string, string>)}
      />
      <section aria-labelledby="audit-events-heading" className="staff-section">
        <Heading level={2} data-size="sm" id="audit-events-heading">
          {t('pages.audit.eventsHeading')}
        </Heading>
        <ListView source={pagesOf(events)} empty={t('pages.staff.nothing')}>
          {(items) => <AuditEventsTable events={items} />}
        </ListView>
      </section>
      <ChainVerification />
      <AuditExport filter={filter} />
    </div>
  );
}
