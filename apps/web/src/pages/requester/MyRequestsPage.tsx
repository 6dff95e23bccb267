import { Paragraph, Table } from '@digdir/designsystemet-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/errors';
import { formatDateTime } from '../../components/formatDateTime';
import { ListTable } from '../../components/ListTable';
import { ListView, pagesOf } from '../../components/ListView';
import { PageHeading } from '../../components/PageHeading';

const PAGE_SIZE = 20;

/** The requester's own requests (GET /consultations: no case text in the list), newest first, keyset paging. */
export default function MyRequestsPage() {
  const { t, i18n } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: ['consultations', 'mine'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/consultations', { params: { query: { limit: PAGE_SIZE, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  return (
    <div className="app-wide">
      <PageHeading>{t('pages.myRequests.title')}</PageHeading>
      <Paragraph>{t('pages.myRequests.intro')}</Paragraph>
      <Paragraph>
        <Link className="ds-link" to="/requests/new">
          {t('pages.myRequests.newRequest')}
        </Link>
      </Paragraph>
      <ListView source={pagesOf(list)} empty={t('pages.myRequests.empty')}>
        {(items) => (
          <ListTable
            testId="my-requests"
            className="app-table"
            caption={t('pages.myRequests.caption')}
            columns={[
              t('pages.myRequests.columns.reference'),
              t('pages.myRequests.columns.status'),
              t('pages.myRequests.columns.created'),
            ]}
          >
            {items.map((item) => (
              <Table.Row key={item.id}>
                <Table.Cell>
                  <Link className="ds-link" to={`/requests/${item.id}`}>
                    {item.reference}
                  </Link>
                </Table.Cell>
                <Table.Cell>{t(`pages.myRequests.status.${item.status}`)}</Table.Cell>
                <Table.Cell>{formatDateTime(item.createdAt, i18n.language)}</Table.Cell>
              </Table.Row>
            ))}
          </ListTable>
        )}
      </ListView>
    </div>
  );
}
