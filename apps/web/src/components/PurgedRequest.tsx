import { Alert, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { ApiError } from '../api/errors';
import { formatDateTime } from './formatDateTime';

export type Tombstone = Schemas['TombstoneDto'];

/** The tombstone a 410 carries when the request was purged (docs/retention.md); null for any other error. */
export function tombstoneOf(error: unknown): Tombstone | null {
  return error instanceof ApiError && error.status === 410 ? (error.problem?.tombstone ?? null) : null;
}

/**
 * What stays of a purged request, for its requester and for staff alike: the facts the tombstone
 * keeps and a sentence that the content was removed under the retention rules. No case text exists.
 */
export function PurgedRequest({ tombstone: ts }: { tombstone: Tombstone }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string | null) =>
    iso ? <time dateTime={iso}>{formatDateTime(iso, i18n.language)}</time> : t('pages.purged.none');
  return (
    <section aria-labelledby="purged-heading" className="app-section" data-testid="purged-request">
      <Alert data-color="info">
        <Heading level={2} data-size="xs" id="purged-heading">
          {t('pages.purged.heading')}
        </Heading>
        <Paragraph>{t('pages.purged.body', { date: formatDateTime(ts.purgedAt, i18n.language) })}</Paragraph>
      </Alert>
      <dl className="app-details" data-testid="purged-facts">
        <dt>{t('pages.purged.reference')}</dt>
        <dd>{ts.reference}</dd>
        <dt>{t('pages.purged.status')}</dt>
        <dd>{t(`pages.staff.status.${ts.status}`)}</dd>
        <dt>{t('pages.purged.priority')}</dt>
        <dd>{t(`pages.staff.priority.${ts.priority ?? 'none'}`)}</dd>
        <dt>{t('pages.purged.outcome')}</dt>
        <dd>{ts.outcome ? t(`pages.staff.outcome.${ts.outcome}`) : t('pages.purged.none')}</dd>
        <dt>{t('pages.purged.created')}</dt>
        <dd>{date(ts.createdAt)}</dd>
        <dt>{t('pages.purged.closed')}</dt>
        <dd>{date(ts.closedAt)}</dd>
        <dt>{t('pages.purged.purged')}</dt>
        <dd data-testid="purged-at">{date(ts.purgedAt)}</dd>
      </dl>
    </section>
  );
}
