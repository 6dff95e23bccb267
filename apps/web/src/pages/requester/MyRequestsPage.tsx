import { Alert, Button, Paragraph, Spinner, Table } from '@digdir/designsystemet-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { formatDateTime } from '../../components/formatDateTime';
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
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="app-wide">
      <PageHeading>{t('pages.myRequests.title')}</PageHeading>
      <Paragraph>{t('pages.myRequests.intro')}</Paragraph>
      <Paragraph>
        <Link className="ds-link" to="/requests/new">
          {t('pages.myRequests.newRequest')}
        </Link>
      </Paragraph>
      {list.isPending && <Spinner aria-label={t('app.loading')} />}
      {list.isError && <Alert data-color="danger">{errorMessage(t, list.error)}</Alert>}
      {list.isSuccess && items.length === 0 && <Paragraph>{t('pages.myRequests.empty')}</Paragraph>}
      {items.length > 0 && (
        <div className="app-table-wrap">
          <Table data-testid="my-requests" className="app-table">
            <caption className="app-visually-hidden">{t('pages.myRequests.caption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('pages.myRequests.columns.reference')}</Table.HeaderCell>
                <Table.HeaderCell>{t('pages.myRequests.columns.status')}</Table.HeaderCell>
                <Table.HeaderCell>{t('pages.myRequests.columns.created')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
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
            </Table.Body>
          </Table>
        </div>
      )}
      {list.hasNextPage && (
        <div>
          <Button
            variant="secondary"
            aria-disabled={list.isFetchingNextPage || undefined}
            onClick={() => !list.isFetchingNextPage && void list.fetchNextPage()}
          >
            {list.isFetchingNextPage ? t('pages.myRequests.loadingMore') : t('pages.myRequests.showMore')}
          </Button>
        </div>
      )}
    </div>
  );
}
