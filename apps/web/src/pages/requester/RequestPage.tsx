import { Alert, Button, Heading, Paragraph, Spinner, Tag } from '@digdir/designsystemet-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { ApiError, call, errorMessage } from '../../api/errors';
import { formatDateTime } from '../../components/formatDateTime';
import { PageHeading } from '../../components/PageHeading';
import { PurgedRequest, tombstoneOf } from '../../components/PurgedRequest';
import { useUser } from '../../session/SessionProvider';
import { ReplyForm } from './ReplyForm';

type Consultation = Schemas['ConsultationDto'];
type Status = Consultation['status'];

/** A requester may withdraw their own request while nobody has started on it (api.md transitions). */
const WITHDRAWABLE: readonly Status[] = ['submitted', 'triaged', 'assigned'];
const FINISHED: readonly Status[] = ['closed', 'withdrawn'];
const REASON_KEYS = [
  'immediate_danger',
  'strangulation',
  'threats_to_kill',
  'weapon_access',
  'trafficking_indicators',
  'children_in_household',
  'escalating_violence',
  'subject:child',
  'subject:youth',
] as const;

/**
 * One of the requester's own requests: what was sent, its assessment, the messages, reply and
 * withdraw; a purged request (410) shows its tombstone.
 */
export default function RequestPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const withdrawButton = useRef<HTMLButtonElement>(null);

  const consultation = useQuery({
    queryKey: ['consultations', id],
    queryFn: () => call(api.GET('/api/v1/consultations/{id}', { params: { path: { id } } })),
  });
  const messages = useInfiniteQuery({
    queryKey: ['consultations', id, 'messages'],
    initialPageParam: undefined as string | undefined,
    enabled: consultation.isSuccess,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/consultations/{id}/messages', {
          params: { path: { id }, query: { limit: 50, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const withdraw = useMutation({
    mutationFn: (version: number) =>
      call(
        api.POST('/api/v1/consultations/{id}/transitions', {
          params: { path: { id }, header: { 'If-Match': String(version) } },
          body: { to: 'withdrawn' },
        }),
      ),
    onSuccess: (answer) => {
      setConfirming(false);
      queryClient.setQueryData(['consultations', id], answer);
      void queryClient.invalidateQueries({ queryKey: ['consultations', 'mine'] });
    },
  });

  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);

  if (consultation.isPending) {
    return (
      <>
        <PageHeading>{t('pages.request.loadingTitle')}</PageHeading>
        <Spinner aria-label={t('app.loading')} />
      </>
    );
  }
  const tombstone = tombstoneOf(consultation.error);
  if (tombstone) {
    return (
      <div className="app-wide">
        <PageHeading>{t('pages.purged.title', { reference: tombstone.reference })}</PageHeading>
        <Paragraph>
          <Link className="ds-link" to="/requests">
            {t('pages.request.back')}
          </Link>
        </Paragraph>
        <PurgedRequest tombstone={tombstone} />
      </div>
    );
  }
  if (consultation.isError) {
    const notFound = consultation.error instanceof ApiError && [403, 404].includes(consultation.error.status);
    return (
      <>
        <PageHeading>{t('pages.request.loadingTitle')}</PageHeading>
        <Alert data-color={notFound ? 'warning' : 'danger'} data-testid="request-error">
          {notFound ? t('errors.notFound') : errorMessage(t, consultation.error)}
        </Alert>
        <Paragraph>
          <Link className="ds-link" to="/requests">
            {t('pages.request.back')}
          </Link>
        </Paragraph>
      </>
    );
  }

  const c: Consultation = consultation.data;
  const items = messages.data?.pages.flatMap((page) => page.items) ?? [];
  const reasons = c.triageReasons.map((reason) =>
    reason.startsWith('concern:')
      ? t(`pages.newRequest.concerns.${reason.slice('concern:'.length)}` as 'pages.newRequest.concerns.other')
      : (REASON_KEYS as readonly string[]).includes(reason)
        ? t(`pages.request.reasonLabels.${reason as (typeof REASON_KEYS)[number]}`)
        : reason,
  );

  return (
    <div className="app-wide">
      <PageHeading>{t('pages.request.title', { reference: c.reference })}</PageHeading>
      <Paragraph>
        <Link className="ds-link" to="/requests">
          {t('pages.request.back')}
        </Link>
      </Paragraph>
      {withdraw.isSuccess && (
        <Alert data-color="success" role="status">
          {t('pages.request.withdrawn')}
        </Alert>
      )}

      <section aria-labelledby="request-details" className="app-section">
        <Heading level={2} data-size="sm" id="request-details">
          {t('pages.request.detailsHeading')}
        </Heading>
        <dl className="app-details">
          <dt>{t('pages.request.status')}</dt>
          <dd data-testid="request-status">{t(`pages.myRequests.status.${c.status}`)}</dd>
          <dt>{t('pages.request.created')}</dt>
          <dd>{formatDateTime(c.createdAt, i18n.language)}</dd>
          <dt>{t('pages.request.concerns')}</dt>
          <dd>{c.concernTypes.map((concern) => t(`pages.newRequest.concerns.${concern}`)).join(', ')}</dd>
          <dt>{t('pages.request.summary')}</dt>
          <dd className="app-pre" data-testid="request-summary">
            {c.summary ?? t('pages.request.unreadable')}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="request-triage" className="app-section">
        <Heading level={2} data-size="sm" id="request-triage">
          {t('pages.request.triageHeading')}
        </Heading>
        {c.priority ? (
          <dl className="app-details">
            <dt>{t('pages.request.priority')}</dt>
            <dd>
              <Tag data-color={c.priority === 'critical' ? 'danger' : 'neutral'}>
                {t(`pages.request.priorities.${c.priority}`)}
              </Tag>
            </dd>
            {reasons.length > 0 && (
              <>
                <dt>{t('pages.request.reasons')}</dt>
                <dd>{reasons.join(', ')}</dd>
              </>
            )}
            {c.slaDueAt && !FINISHED.includes(c.status) && (
              <>
                <dt>{t('pages.request.deadline')}</dt>
                <dd>{formatDateTime(c.slaDueAt, i18n.language)}</dd>
              </>
            )}
          </dl>
        ) : (
          <Paragraph>{t('pages.request.notTriaged')}</Paragraph>
        )}
      </section>

      <section aria-labelledby="request-messages" className="app-section">
        <Heading level={2} data-size="sm" id="request-messages">
          {t('pages.request.messagesHeading')}
        </Heading>
        {messages.isPending && <Spinner aria-label={t('app.loading')} />}
        {messages.isError && <Alert data-color="danger">{errorMessage(t, messages.error)}</Alert>}
        {messages.isSuccess && items.length === 0 && <Paragraph>{t('pages.request.noMessages')}</Paragraph>}
        {items.length > 0 && (
          <ol className="app-messages" data-testid="messages">
            {items.map((message) => (
              <li key={message.id} className="app-message">
                <p className="app-message__meta">
                  {t('pages.request.messageMeta', {
                    author:
                      message.authorId === user.id
                        ? t('pages.request.author.self')
                        : t(`pages.request.author.${message.authorRole}`),
                    time: formatDateTime(message.createdAt, i18n.language),
                  })}
                </p>
                <p className="app-pre">{message.body ?? t('pages.request.unreadable')}</p>
              </li>
            ))}
          </ol>
        )}
        {messages.hasNextPage && (
          <div>
            <Button variant="secondary" onClick={() => void messages.fetchNextPage()}>
              {t('pages.request.showMore')}
            </Button>
          </div>
        )}
        {FINISHED.includes(c.status) ? (
          <Paragraph>{t('pages.request.closedForMessages')}</Paragraph>
        ) : (
          <ReplyForm consultationId={c.id} />
        )}
      </section>

      {WITHDRAWABLE.includes(c.status) && (
        <section className="app-section">
          {confirming ? (
            <Alert data-color="warning" data-testid="withdraw-confirm">
              <Heading level={2} data-size="xs" tabIndex={-1} ref={confirmHeading}>
                {t('pages.request.withdrawHeading')}
              </Heading>
              <Paragraph>{t('pages.request.withdrawBody')}</Paragraph>
              {withdraw.isError && <Paragraph role="alert">{errorMessage(t, withdraw.error)}</Paragraph>}
              <div className="app-actions">
                <Button
                  data-color="danger"
                  aria-disabled={withdraw.isPending || undefined}
                  onClick={() => !withdraw.isPending && withdraw.mutate(c.version)}
                >
                  {t('pages.request.withdrawConfirm')}
                </Button>
                <Button
                  variant="secondary"
                  onClick={() => {
                    setConfirming(false);
                    withdraw.reset();
                    requestAnimationFrame(() => withdrawButton.current?.focus());
                  }}
                >
                  {t('pages.request.withdrawCancel')}
                </Button>
              </div>
            </Alert>
          ) : (
            <Button
              variant="secondary"
              data-color="danger"
              ref={withdrawButton}
              onClick={() => setConfirming(true)}
            >
              {t('pages.request.withdraw')}
            </Button>
          )}
        </section>
      )}
    </div>
  );
}
