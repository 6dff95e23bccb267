import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNotifications } from '../pages/staff/notifications';

/** The header's unread count for staff (polled with the notifications list); a link to the list. */
export function UnreadNotifications() {
  const { t } = useTranslation();
  const notifications = useNotifications();
  const unread = (notifications.data?.items ?? []).filter((n) => !n.readAt).length;
  return (
    <Link
      to="/notifications"
      className="ds-link app-unread"
      data-testid="unread-notifications"
      aria-live="polite"
    >
      {t('pages.notifications.unread', { count: unread })}
    </Link>
  );
}
