import { Alert, Button, Card, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { PageHeading } from '../../components/PageHeading';
import { useUser } from '../../session/SessionProvider';
import { Deadline, PriorityTag } from './StaffBits';
import { statusText } from './vocabulary';

/** The requests the user holds (GET /consultations?assigneeId=<me>), newest first; no case text. */
export default function MyCasesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const cases = useInfiniteQuery({
    queryKey: ['my-cases', user.id],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/consultations', {
          params: { query: { assigneeId: user.id, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = cases.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeading>{t('pages.myCases.title')}</PageHeading>
      <Paragraph>{t('pages.myCases.intro')}</Paragraph>
      {cases.isError && <Alert data-color="danger">{errorMessage(t, cases.error)}</Alert>}
      {cases.isPending && <Spinner aria-label={t('app.loading')} />}
      {cases.data && items.length === 0 && <Paragraph>{t('pages.myCases.empty')}</Paragraph>}
      {items.length > 0 && (
        <ul className="staff-cards" data-testid="my-cases">
          {items.map((item) => (
            <li key={item.id} data-testid="my-case">
              <Card className={`staff-card staff-card--${item.priority ?? 'none'}`}>
                <div className="staff-card__top">
                  <Heading level={2} data-size="xs">
                    <Link to={`/cases/${item.id}`} className="ds-link">
                      {item.reference}
                    </Link>
                  </Heading>
                  <PriorityTag priority={item.priority} />
                </div>
                <dl className="staff-facts">
                  <dt>{t('pages.case.status')}</dt>
                  <dd>{statusText(t, item.status)}</dd>
                  {item.status !== 'closed' && item.status !== 'withdrawn' && (
                    <>
                      <dt>{t('pages.case.deadline')}</dt>
                      <dd>
                        <Deadline slaDueAt={item.slaDueAt} />
                      </dd>
                    </>
                  )}
                </dl>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {cases.hasNextPage && (
        <Button
          variant="secondary"
          onClick={() => void cases.fetchNextPage()}
          aria-disabled={cases.isFetchingNextPage || undefined}
        >
          {t('pages.staff.loadMore')}
        </Button>
      )}
    </>
  );
}
