import { Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { formatDuration, useNow } from './format';
import { type Priority, priorityText, reasonText } from './vocabulary';

const PRIORITY_COLOR: Record<Priority, 'danger' | 'warning' | 'info' | 'neutral'> = {
  critical: 'danger',
  high: 'warning',
  normal: 'info',
  low: 'neutral',
};
/** A shape per priority, so the level is told by text and shape as well as colour (WCAG 1.4.1). */
const PRIORITY_MARK: Record<Priority, string> = { critical: '▲▲', high: '▲', normal: '●', low: '○' };

/** "Priority: Critical" as a tag: text first, colour and shape second. */
export function PriorityTag({ priority }: { priority: Priority | null }) {
  const { t } = useTranslation();
  return (
    <Tag
      data-color={priority ? PRIORITY_COLOR[priority] : 'neutral'}
      variant={priority === 'critical' ? 'default' : 'outline'}
      className={`staff-priority staff-priority--${priority ?? 'none'}`}
      data-testid="priority"
    >
      {priority && <span aria-hidden="true">{PRIORITY_MARK[priority]} </span>}
      {t('pages.staff.priorityLabel', { priority: priorityText(t, priority) })}
    </Tag>
  );
}

/** Less than this left is urgent. */
const URGENT_MS = 60 * 60_000;

/** The first-response deadline as a countdown that says "urgent" or "overdue" in words. */
export function Deadline({ slaDueAt }: { slaDueAt: string | null }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!slaDueAt) return <span>{t('pages.staff.deadline.none')}</span>;
  const left = new Date(slaDueAt).getTime() - now;
  const duration = formatDuration(t, left);
  const state = left <= 0 ? 'overdue' : left <= URGENT_MS ? 'urgent' : 'remaining';
  return (
    <time dateTime={slaDueAt} className={`staff-deadline staff-deadline--${state}`} data-testid="deadline">
      {state !== 'remaining' && <span aria-hidden="true">⚠ </span>}
      {t(`pages.staff.deadline.${state}`, { duration })}
    </time>
  );
}

export function Reasons({ reasons }: { reasons: readonly string[] }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return <span>{t('pages.staff.noReasons')}</span>;
  return (
    <ul className="staff-reasons">
      {reasons.map((reason) => (
        <li key={reason}>{reasonText(t, reason)}</li>
      ))}
    </ul>
  );
}
