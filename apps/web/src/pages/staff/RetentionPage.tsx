import { Field, Heading, Label, Paragraph, Select } from '@digdir/designsystemet-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { call } from '../../api/errors';
import { ListView, pagesOf } from '../../components/ListView';
import { PageHeading } from '../../components/PageHeading';
import { UpcomingPurgeList } from './retention/UpcomingPurgeList';

/** The windows offered, in days (the API takes 0..366). */
const WINDOWS = [7, 30, 90, 365] as const;
const DEFAULT_WINDOW = 30;

function windowOf(value: string | null): number {
  const days = Number(value);
  return (WINDOWS as readonly number[]).includes(days) ? days : DEFAULT_WINDOW;
}

/**
 * Upcoming purges (GET /retention/upcoming?includeHeld=true, docs/retention.md): the closed and
 * withdrawn requests whose retention time runs out within the chosen window, soonest first, those
 * kept by a legal hold marked as such; keyset paging by "show more". The window is in the address.
 */
export default function RetentionPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const days = windowOf(params.get('days'));
  const upcoming = useInfiniteQuery({
    queryKey: ['retention-upcoming', days],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/retention/upcoming', {
          params: {
            query: { days, includeHeld: true, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return (
    <div className="app-stack staff-wide">
      <PageHeading>{t('pages.retention.title')}</PageHeading>
      <Paragraph>{t('pages.retention.intro')}</Paragraph>
      <Field className="staff-window">
        <Label htmlFor="retention-window">{t('pages.retention.window')}</Label>
        <Select
          id="retention-window"
          value={String(days)}
          onChange={(event) => setParams({ days: event.target.value })}
        >
          {WINDOWS.map((w) => (
            <Select.Option key={w} value={String(w)}>
              {t('pages.retention.windowDays', { count: w })}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <section aria-labelledby="retention-list-heading" className="staff-section">
        <Heading level={2} data-size="sm" id="retention-list-heading">
          {t('pages.retention.listHeading', { count: days })}
        </Heading>
        <ListView source={pagesOf(upcoming)} empty={t('pages.retention.empty', { count: days })}>
          {(items) => <UpcomingPurgeList items={items} />}
        </ListView>
      </section>
    </div>
  );
}
