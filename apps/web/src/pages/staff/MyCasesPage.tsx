import { Card, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/errors';
import { ListView, pagesOf } from '../../components/ListView';
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
  return (
    <>
      <PageHeading>{t('pages.myCases.title')}</PageHeading>
      <Paragraph>{t('pages.myCases.intro')}</Paragraph>
      <ListView source={pagesOf(cases)} empty={t('pages.myCases.empty')}>
        {(items) => (
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
      </ListView>
    </>
  );
}
