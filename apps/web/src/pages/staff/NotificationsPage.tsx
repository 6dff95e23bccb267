import { Alert, Button, Card, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { listOf, ListView } from '../../components/ListView';
import { PageHeading } from '../../components/PageHeading';
import { formatDateTime } from './format';
import { NOTIFICATIONS_KEY, useNotifications } from './notifications';

type NotificationType = Schemas['NotificationDto']['type'];
/** `consultation.critical` → the catalog key `consultation_critical` (a dot would nest). */
const typeKey = (type: NotificationType) => type.replace('.', '_') as ReplaceDot<NotificationType>;
type ReplaceDot<S extends string> = S extends `${infer A}.${infer B}` ? `${A}_${B}` : S;

/** The caller's notifications, newest first (GET /notifications), each a link to its request. */
export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const notifications = useNotifications();
  const markRead = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
  return (
    <>
      <PageHeading>{t('pages.notifications.title')}</PageHeading>
      {markRead.isError && <Alert data-color="danger">{errorMessage(t, markRead.error)}</Alert>}
      <ListView source={listOf(notifications)} empty={t('pages.notifications.empty')}>
        {(items) => (
          <ul className="staff-cards" data-testid="notifications">
            {items.map((n) => {
              const text = t(`pages.notifications.type.${typeKey(n.type)}`, {
                reference: n.reference ?? '',
                user: n.userId ?? '',
              });
              return (
                <li key={n.id} data-testid="notification">
                  <Card
                    className={n.readAt ? 'staff-note staff-note--read' : 'staff-note staff-note--unread'}
                  >
                    <div className="staff-card__top">
                      {n.consultationId ? (
                        <Link to={`/cases/${n.consultationId}`} className="ds-link">
                          {text}
                        </Link>
                      ) : n.type === 'account.role_grant_requested' ? (
                        <Link to="/role-grants" className="ds-link">
                          {text}
                        </Link>
                      ) : (
                        <span>{text}</span>
                      )}
                      <Tag
                        data-color={n.readAt ? 'neutral' : 'accent'}
                        variant={n.readAt ? 'outline' : 'default'}
                      >
                        {n.readAt ? t('pages.notifications.readTag') : t('pages.notifications.unreadTag')}
                      </Tag>
                    </div>
                    <Paragraph data-size="sm">
                      <time dateTime={n.createdAt}>{formatDateTime(i18n.language, n.createdAt)}</time>
                    </Paragraph>
                    {!n.readAt && (
                      <div>
                        <Button data-size="sm" variant="secondary" onClick={() => markRead.mutate(n.id)}>
                          {t('pages.notifications.markRead', { what: text })}
                        </Button>
                      </div>
                    )}
                  </Card>
                </li>
              );
            })}
          </ul>
        )}
      </ListView>
    </>
  );
}
