import { Alert, Button, Paragraph, Spinner } from '@digdir/designsystemet-react';
import type { InfiniteData, UseInfiniteQueryResult, UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';

/** A list as a page shows it: its items so far, whether the first load runs, its error, more pages. */
export interface ListSource<T> {
  items: readonly T[];
  isPending: boolean;
  error: unknown;
  /** Keyset paging: the next page, when there is one. */
  more?: { fetching: boolean; fetch: () => void };
}

/** A list fetched in one request (`{ items }`). */
export function listOf<T>(query: UseQueryResult<{ items: T[] }>): ListSource<T> {
  return { items: query.data?.items ?? [], isPending: query.isPending, error: query.error };
}

/** A keyset-paged list (useInfiniteQuery over `{ items, nextCursor }` pages). */
export function pagesOf<T>(query: UseInfiniteQueryResult<InfiniteData<{ items: T[] }>>): ListSource<T> {
  return {
    items: query.data?.pages.flatMap((page) => page.items) ?? [],
    isPending: query.isPending,
    error: query.error,
    more: query.hasNextPage
      ? { fetching: query.isFetchingNextPage, fetch: () => void query.fetchNextPage() }
      : undefined,
  };
}

/**
 * Every list page's states in one place: a spinner while the first page loads, the error as a
 * sentence, `empty` when there is nothing, else `children` with the items (kept on screen when a
 * later refetch fails), and "show more" while there are more pages.
 */
export function ListView<T>({
  source,
  empty,
  children,
}: {
  source: ListSource<T>;
  empty: string;
  children: (items: readonly T[]) => ReactNode;
}) {
  const { t } = useTranslation();
  const { items, more } = source;
  return (
    <>
      {source.error !== null && <Alert data-color="danger">{errorMessage(t, source.error)}</Alert>}
      {source.isPending && <Spinner aria-label={t('app.loading')} />}
      {!source.isPending && source.error === null && items.length === 0 && <Paragraph>{empty}</Paragraph>}
      {items.length > 0 && children(items)}
      {more && (
        <div>
          <Button
            variant="secondary"
            aria-disabled={more.fetching || undefined}
            onClick={() => !more.fetching && more.fetch()}
          >
            {more.fetching ? t('app.loadingMore') : t('app.showMore')}
          </Button>
        </div>
      )}
    </>
  );
}
