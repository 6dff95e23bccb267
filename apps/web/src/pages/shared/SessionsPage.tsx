import { Alert, Button, Card, Heading, Link, Paragraph, Spinner, Tag } from '@digdir/designsystemet-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { call, errorMessage } from '../../api/errors';
import { formatDateTime } from '../../components/formatDateTime';
import { PageHeading } from '../../components/PageHeading';
import { describeDevice } from './userAgent';

type Session = Schemas['SessionDto'];
const QUERY_KEY = ['auth', 'sessions'];

/** "Firefox, Windows", or the words for an unknown browser or system. */
function deviceOf(t: TFunction, session: Session): string {
  const { browser, system } = describeDevice(session.userAgent);
  if (!browser && !system) return t('pages.sessions.unknownDevice');
  return t('pages.sessions.device', {
    browser: browser ?? t('pages.sessions.unknownBrowser'),
    system: system ?? t('pages.sessions.unknownSystem'),
  });
}

/**
 * The user's live logins (GET /auth/sessions): where and how each was opened and when it was last
 * used, this one marked. Any other can be ended after a confirmation (DELETE /auth/sessions/:id).
 */
export default function SessionsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: QUERY_KEY, queryFn: () => call(api.GET('/api/v1/auth/sessions')) });
  const [confirming, setConfirming] = useState<Session | null>(null);
  const [ended, setEnded] = useState(false);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const end = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      setConfirming(null);
      setEnded(true);
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: QUERY_KEY }),
  });
  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);
  // The confirmation that had the focus is gone: the list's heading takes it.
  useEffect(() => {
    if (ended) listHeading.current?.focus();
  }, [ended]);

  const items = list.data?.items ?? [];
  const when = (iso: string) => <time dateTime={iso}>{formatDateTime(iso, i18n.language)}</time>;
  function ask(session: Session) {
    setEnded(false);
    end.reset();
    setConfirming(session);
  }

  return (
    <div className="app-form">
      <PageHeading>{t('pages.sessions.title')}</PageHeading>
      <Paragraph>
        {t('pages.sessions.intro')}{' '}
        <Link asChild>
          <RouterLink to="/settings/password">{t('pages.sessions.changePasswordLink')}</RouterLink>
        </Link>
      </Paragraph>
      <section aria-labelledby="sessions-list" className="app-section">
        <Heading level={2} data-size="sm" id="sessions-list" tabIndex={-1} ref={listHeading}>
          {t('pages.sessions.listHeading')}
        </Heading>
        {ended && (
          <Alert data-color="success" role="status" data-testid="session-ended">
            {t('pages.sessions.ended')}
          </Alert>
        )}
        {list.isPending && <Spinner aria-label={t('app.loading')} />}
        {list.isError && <Alert data-color="danger">{errorMessage(t, list.error)}</Alert>}
        {items.length > 0 && (
          <ul className="app-cards" data-testid="sessions">
            {items.map((session) => (
              <li key={session.id} data-testid={session.current ? 'session-current' : 'session-other'}>
                <Card>
                  <div className="app-card__top">
                    <Heading level={3} data-size="xs">
                      {deviceOf(t, session)}
                    </Heading>
                    {session.current && (
                      <Tag data-color="info" data-size="sm">
                        {t('pages.sessions.current')}
                      </Tag>
                    )}
                  </div>
                  <dl className="app-details">
                    <dt>{t('pages.sessions.facts.method')}</dt>
                    <dd>{t(`pages.sessions.methods.${session.method}`)}</dd>
                    <dt>{t('pages.sessions.facts.opened')}</dt>
                    <dd>{when(session.createdAt)}</dd>
                    <dt>{t('pages.sessions.facts.lastUsed')}</dt>
                    <dd>{when(session.lastUsedAt)}</dd>
                    <dt>{t('pages.sessions.facts.ip')}</dt>
                    <dd>{session.ip ?? t('pages.sessions.unknownIp')}</dd>
                  </dl>
                  {!session.current && confirming?.id !== session.id && (
                    <div>
                      <Button
                        variant="secondary"
                        data-size="sm"
                        aria-label={t('pages.sessions.endNamed', { device: deviceOf(t, session) })}
                        onClick={() => ask(session)}
                      >
                        {t('pages.sessions.end')}
                      </Button>
                    </div>
                  )}
                  {confirming?.id === session.id && (
                    <Alert data-color="warning" data-testid="session-end-confirm">
                      <Heading level={4} data-size="2xs" tabIndex={-1} ref={confirmHeading}>
                        {t('pages.sessions.confirmHeading', { device: deviceOf(t, confirming) })}
                      </Heading>
                      <Paragraph>{t('pages.sessions.confirmBody')}</Paragraph>
                      {end.isError && (
                        <Paragraph role="alert">
                          {errorMessage(t, end.error, { 404: t('pages.sessions.alreadyEnded') })}
                        </Paragraph>
                      )}
                      <div className="app-actions">
                        <Button
                          data-color="danger"
                          aria-disabled={end.isPending || undefined}
                          onClick={() => !end.isPending && end.mutate(confirming.id)}
                        >
                          {t('pages.sessions.confirmEnd')}
                        </Button>
                        <Button
                          variant="secondary"
                          onClick={() => {
                            setConfirming(null);
                            requestAnimationFrame(() => listHeading.current?.focus());
                          }}
                        >
                          {t('pages.sessions.cancel')}
                        </Button>
                      </div>
                    </Alert>
                  )}
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
