import { Link as DsLink, Paragraph } from '@digdir/designsystemet-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api/client';
import { call } from '../../../api/errors';
import { ListView, pagesOf } from '../../../components/ListView';
import { PageHeading } from '../../../components/PageHeading';
import type { Consultation } from '../vocabulary';
import { AuditEventsTable } from './AuditEventsTable';

/**
 * Who saw or changed one request (GET /consultations/:id/access-log), newest first, keyset paged.
 * The reference comes from the case already in the cache, so this page does not read the case again.
 */
export default function AccessLogPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const reference = queryClient.getQueryData<Consultation>(['consultation', id])?.reference;
  const log = useInfiniteQuery({
    queryKey: ['access-log', id],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/consultations/{id}/access-log', {
          params: { path: { id }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <div className="app-stack staff-wide">
      <PageHeading>
        {reference ? t('pages.accessLog.title', { reference }) : t('pages.accessLog.loadingTitle')}
      </PageHeading>
      <Paragraph>{t('pages.accessLog.intro')}</Paragraph>
      <Paragraph>
        <DsLink asChild>
          <Link to={`/cases/${id}`}>{t('pages.accessLog.back')}</Link>
        </DsLink>
      </Paragraph>
      <ListView source={pagesOf(log)} empty={t('pages.staff.nothing')}>
        {(items) => <AuditEventsTable events={items} />}
      </ListView>
    </div>
  );
}
