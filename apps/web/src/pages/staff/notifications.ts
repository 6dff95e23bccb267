import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { call } from '../../api/errors';

export const NOTIFICATIONS_KEY = ['notifications'] as const;
/** The header's unread count and the notifications page share one polled query. */
const POLL_MS = 10_000;

export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: () => call(api.GET('/api/v1/notifications', { params: { query: { limit: 100 } } })),
    refetchInterval: POLL_MS,
    enabled,
  });
}
