import { Card, Heading, Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../../api/client';
import { formatDateTime, useNow } from '../format';
import { PriorityTag } from '../StaffBits';
import { statusText } from '../vocabulary';

type DueRequest = Schemas['DueRequestDto'];
const DAY_MS = 24 * 3600 * 1000;

/**
 * The requests due for purge as cards (they reflow on a phone with every fact in view); paging by
 * ListView. A request kept by a legal hold says so in words and with a tag, not by colour alone;
 * each reference links to its case, where the hold is managed.
 */
export function UpcomingPurgeList({ items }: { items: readonly DueRequest[] }) {
  const { t, i18n } = useTranslation();
  const now = useNow(60_000);
  const date = (iso: string) => <time dateTime={iso}>{formatDateTime(i18n.language, iso)}</time>;
  /** "in 3 days", or "at the next run" when the time is already up. */
  const dueIn = (iso: string) => {
    const left = new Date(iso).getTime() - now;
    return left <= 0
      ? t('pages.retention.dueNow')
      : t('pages.retention.dueIn', { count: Math.ceil(left / DAY_MS) });
  };
  return (
    <ul className="staff-purges" data-testid="retention-upcoming">
      {items.map((item) => (
        <li
          key={item.id}
          data-testid="retention-row"
          data-reference={item.reference}
          data-held={item.legalHoldSince ? 'true' : 'false'}
        >
          <Card className={`staff-card ${item.legalHoldSince ? 'staff-card--held' : ''}`}>
            <div className="staff-card__top">
              <Heading level={3} data-size="xs">
                <Link to={`/cases/${item.id}`} className="ds-link">
                  {item.reference}
                </Link>
              </Heading>
              <PriorityTag priority={item.priority} />
            </div>
            <dl className="staff-facts">
              <dt>{statusText(t, item.status)}</dt>
              <dd>{date(item.closedAt)}</dd>
              <dt>{t('pages.retention.due')}</dt>
              <dd>
                {item.legalHoldSince ? (
                  t('pages.retention.notWhileHeld')
                ) : (
                  <>
                    {date(item.purgeDueAt)} ({dueIn(item.purgeDueAt)})
                  </>
                )}
              </dd>
              <dt>{t('pages.retention.hold')}</dt>
              <dd>
                {item.legalHoldSince ? (
                  <Tag data-color="warning" data-testid="retention-held">
                    {t('pages.retention.heldSince', {
                      date: formatDateTime(i18n.language, item.legalHoldSince),
                    })}
                  </Tag>
                ) : (
                  t('pages.retention.noHold')
                )}
              </dd>
            </dl>
          </Card>
        </li>
      ))}
    </ul>
  );
}
