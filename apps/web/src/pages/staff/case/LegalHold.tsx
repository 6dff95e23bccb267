import { Alert, Button, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ApiError, call } from '../../../api/errors';
import { useUser } from '../../../session/SessionProvider';
import { formatDateTime } from '../format';
import type { Consultation } from '../vocabulary';
import { LegalHoldForm } from './LegalHoldForm';
import { changeError, useCaseChanged } from './useCase';

/**
 * The legal hold of a case (docs/retention.md): whether one stands, since when, who placed it and
 * why. Supervisors place one with a reason and release it after a confirmation; investigators only
 * see it.
 */
export function LegalHold({ consultation: c }: { consultation: Consultation }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const changed = useCaseChanged(c.id);
  const [done, setDone] = useState<'placed' | 'released' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const releaseButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const release = useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/v1/consultations/{id}/legal-hold', {
          params: { path: { id: c.id }, header: { 'If-Match': String(c.version) } },
        }),
      ),
    onSuccess: (answer) => {
      setConfirming(false);
      setDone('released');
      changed(answer);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) changed();
    },
  });
  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);
  // The form or the confirmation that had focus is gone: the section's heading takes it.
  useEffect(() => {
    if (done) heading.current?.focus();
  }, [done]);

  const hold = c.legalHold;
  const supervisor = user.role === 'supervisor';
  if (!hold && !supervisor) return null;
  const by = hold?.by ? (hold.by === user.id ? t('pages.staff.you') : hold.by) : t('pages.legalHold.unknown');
  return (
    <section aria-labelledby="case-legal-hold" className="staff-section" data-testid="legal-hold">
      <Heading level={2} data-size="sm" id="case-legal-hold" tabIndex={-1} ref={heading}>
        {t('pages.legalHold.heading')}
      </Heading>
      {done && (
        <Alert data-color="success" role="status" data-testid="legal-hold-done">
          {t(`pages.legalHold.${done}`)}
        </Alert>
      )}
      {hold ? (
        <>
          <Paragraph>
            <Tag data-color="warning" data-testid="legal-hold-tag">
              {t('pages.legalHold.held')}
            </Tag>{' '}
            {t('pages.legalHold.heldExplained')}
          </Paragraph>
          <dl className="staff-facts" data-testid="legal-hold-facts">
            <dt>{t('pages.legalHold.since')}</dt>
            <dd>
              <time dateTime={hold.since}>{formatDateTime(i18n.language, hold.since)}</time>
            </dd>
            <dt>{t('pages.legalHold.by')}</dt>
            <dd data-testid="legal-hold-by">{by}</dd>
            <dt>{t('pages.legalHold.reason')}</dt>
            <dd className="app-pre" data-testid="legal-hold-reason">
              {hold.reason ?? t('pages.legalHold.reasonUnreadable')}
            </dd>
          </dl>
        </>
      ) : (
        <Paragraph>{t('pages.legalHold.none')}</Paragraph>
      )}
      {supervisor && !hold && <LegalHoldForm consultation={c} onDone={() => setDone('placed')} />}
      {supervisor && hold && !confirming && (
        <div>
          <Button
            variant="secondary"
            ref={releaseButton}
            onClick={() => {
              setDone(null);
              release.reset();
              setConfirming(true);
            }}
          >
            {t('pages.legalHold.release')}
          </Button>
        </div>
      )}
      {supervisor && hold && confirming && (
        <Alert data-color="warning" data-testid="legal-hold-confirm">
          <Heading level={3} data-size="xs" tabIndex={-1} ref={confirmHeading}>
            {t('pages.legalHold.confirmHeading')}
          </Heading>
          <Paragraph>{t('pages.legalHold.confirmBody')}</Paragraph>
          {release.isError && <Paragraph role="alert">{changeError(t, release.error)}</Paragraph>}
          <div className="app-actions">
            <Button
              data-color="danger"
              aria-disabled={release.isPending || undefined}
              onClick={() => !release.isPending && release.mutate()}
            >
              {t('pages.legalHold.confirmRelease')}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => releaseButton.current?.focus());
              }}
            >
              {t('pages.case.cancel')}
            </Button>
          </div>
        </Alert>
      )}
    </section>
  );
}
