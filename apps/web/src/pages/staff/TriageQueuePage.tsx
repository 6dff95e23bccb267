import { Alert, Button, Card, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { ApiError, call, errorMessage } from '../../api/errors';
import { PageHeading } from '../../components/PageHeading';
import { useUser } from '../../session/SessionProvider';
import { DutyToggle } from './DutyToggle';
import { Deadline, PriorityTag, Reasons } from './StaffBits';
import { type ConsultationItem, statusText } from './vocabulary';

export const TRIAGE_QUEUE_KEY = ['triage-queue'] as const;
/** New requests show up within this long without a reload (issue 12 asks for 10 s). */
const POLL_MS = 5_000;

/**
 * The triage queue (GET /triage-queue): open, unassigned requests, critical first, then by deadline,
 * each with the investigator triage suggested. Items carry no case text. Polled every 5 s while the page is visible; claiming opens the case.
 */
export default function TriageQueuePage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const queue = useQuery({
    queryKey: TRIAGE_QUEUE_KEY,
    queryFn: () => call(api.GET('/api/v1/triage-queue', { params: { query: { limit: 100 } } })),
    refetchInterval: POLL_MS,
    staleTime: 0,
  });
  const [claimError, setClaimError] = useState<string | null>(null);
  const claim = useMutation({
    mutationFn: (item: ConsultationItem) =>
      call(
        api.POST('/api/v1/consultations/{id}/claim', {
          params: { path: { id: item.id } },
        }),
      ),
    onSuccess: (answer) => {
      queryClient.setQueryData(['consultation', answer.id], answer);
      void queryClient.invalidateQueries({ queryKey: TRIAGE_QUEUE_KEY });
      void navigate(`/cases/${answer.id}`);
    },
    onError: (error, item) => {
      setClaimError(
        error instanceof ApiError && error.status === 409
          ? t('pages.triageQueue.claimConflict', { reference: item.reference })
          : errorMessage(t, error),
      );
      void queryClient.invalidateQueries({ queryKey: TRIAGE_QUEUE_KEY });
    },
  });
  const items = queue.data?.items ?? [];

  return (
    <>
      <PageHeading>{t('pages.triageQueue.title')}</PageHeading>
      <Paragraph>{t('pages.triageQueue.intro')}</Paragraph>
      {user.role === 'investigator' && <DutyToggle />}
      {claimError && (
        <Alert data-color="danger" role="alert" data-testid="claim-error">
          {claimError}
        </Alert>
      )}
      {queue.isError && <Alert data-color="danger">{errorMessage(t, queue.error)}</Alert>}
      {queue.isPending && <Spinner aria-label={t('app.loading')} />}
      {queue.data && (
        <Paragraph role="status" data-testid="queue-count">
          {items.length === 0
            ? t('pages.triageQueue.empty')
            : t('pages.triageQueue.count', { count: items.length })}
        </Paragraph>
      )}
      {items.length > 0 && (
        <ul className="staff-cards" aria-label={t('pages.triageQueue.title')} data-testid="triage-queue">
          {items.map((item) => (
            <li key={item.id} data-testid="queue-item" data-reference={item.reference}>
              <Card className={`staff-card staff-card--${item.priority ?? 'none'}`} data-color="neutral">
                <div className="staff-card__top">
                  <Heading level={2} data-size="xs">
                    <Link
                      to={`/cases/${item.id}`}
                      className="ds-link"
                      aria-label={t('pages.staff.openCase', { reference: item.reference })}
                    >
                      {item.reference}
                    </Link>
                  </Heading>
                  <PriorityTag priority={item.priority} />
                </div>
                <dl className="staff-facts">
                  <dt>{t('pages.triageQueue.deadline')}</dt>
                  <dd>
                    <Deadline slaDueAt={item.slaDueAt} />
                  </dd>
                  <dt>{t('pages.triageQueue.status')}</dt>
                  <dd>{statusText(t, item.status)}</dd>
                  <dt>{t('pages.triageQueue.concerns')}</dt>
                  <dd>{item.concernTypes.map((c) => t(`pages.staff.concern.${c}`)).join(', ')}</dd>
                  <dt>{t('pages.staff.reasonsLabel')}</dt>
                  <dd>
                    <Reasons reasons={item.triageReasons} />
                  </dd>
                  <dt>{t('pages.triageQueue.suggested')}</dt>
                  <dd data-testid="suggested-assignee">
                    {!item.suggestedAssignee
                      ? t('pages.triageQueue.suggestedNone')
                      : item.suggestedAssignee.id === user.id
                        ? t('pages.triageQueue.suggestedYou', { name: item.suggestedAssignee.displayName })
                        : item.suggestedAssignee.displayName}
                  </dd>
                </dl>
                <div>
                  <Button
                    data-size="sm"
                    aria-disabled={claim.isPending || undefined}
                    onClick={() => {
                      if (claim.isPending) return;
                      setClaimError(null);
                      claim.mutate(item);
                    }}
                  >
                    {claim.isPending && claim.variables?.id === item.id
                      ? t('pages.triageQueue.claiming')
                      : t('pages.triageQueue.claim', { reference: item.reference })}
                  </Button>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
