import { Alert, Button, Card, Heading, Textfield } from '@digdir/designsystemet-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../../api/client';
import { call, errorMessage } from '../../../api/errors';
import { useUser } from '../../../session/SessionProvider';
import { formatDateTime } from '../format';

type Grant = Schemas['RoleGrantDto'];
export const ROLE_GRANTS_KEY = ['role-grants', 'pending'] as const;
const REASON_MAX = 500;

/** One pending grant: who, which role, who asked and when; approve, or reject with a reason. */
export function RoleGrantCard({ grant, onDecided }: { grant: Grant; onDecided: (sentence: string) => void }) {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const path = { params: { path: { id: grant.id } } };
  const names = { name: grant.displayName, role: t(`roles.${grant.role}`) };
  const settled = (sentence: string) => {
    onDecided(sentence);
    void queryClient.invalidateQueries({ queryKey: ROLE_GRANTS_KEY });
  };
  const approve = useMutation({
    mutationFn: () => call(api.POST('/api/v1/role-grants/{id}/approve', path)),
    onSuccess: () => settled(t('pages.roleGrants.approved', names)),
  });
  const reject = useMutation({
    mutationFn: (why: string) =>
      call(api.POST('/api/v1/role-grants/{id}/reject', { ...path, body: { reason: why } })),
    onSuccess: () => settled(t('pages.roleGrants.rejected', names)),
  });
  const busy = approve.isPending || reject.isPending;
  const failed = approve.error ?? reject.error;
  const reasonId = `grant-reason-${grant.id}`;
  const headingId = `grant-${grant.id}`;

  function submitReject(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const why = reason.trim();
    if (!why) {
      setReasonError(t('pages.roleGrants.reasonRequired'));
      return;
    }
    setReasonError(undefined);
    reject.mutate(why);
  }

  return (
    <li data-testid={`grant-${grant.email}`}>
      <Card className="staff-card" aria-labelledby={headingId}>
        <div className="staff-card__top">
          <Heading level={2} data-size="xs" id={headingId}>
            {grant.displayName}
          </Heading>
        </div>
        <dl className="staff-facts">
          <dt>{t('pages.roleGrants.email')}</dt>
          <dd>{grant.email}</dd>
          <dt>{t('pages.roleGrants.requestedRole')}</dt>
          <dd>{t(`roles.${grant.role}`)}</dd>
          <dt>{t('pages.roleGrants.currentRole')}</dt>
          <dd>{grant.currentRole ? t(`roles.${grant.currentRole}`) : t('roles.none')}</dd>
          <dt>{t('pages.roleGrants.requestedBy')}</dt>
          <dd>
            {grant.requestedByName ?? t('pages.roleGrants.unknownPerson')},{' '}
            <time dateTime={grant.requestedAt}>{formatDateTime(i18n.language, grant.requestedAt)}</time>
          </dd>
        </dl>
        {failed && <Alert data-color="danger">{errorMessage(t, failed)}</Alert>}
        {grant.userId === me.id ? (
          <p className="app-muted">{t('pages.roleGrants.own')}</p>
        ) : rejecting ? (
          <form noValidate onSubmit={submitReject} className="app-form">
            <Textfield
              id={reasonId}
              multiline
              rows={2}
              maxLength={REASON_MAX}
              label={t('pages.roleGrants.reasonLabel', names)}
              description={t('pages.roleGrants.reasonHint')}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              error={reasonError}
            />
            <div className="staff-row">
              <Button type="submit" data-color="danger" aria-disabled={busy || undefined}>
                {t('pages.roleGrants.confirmReject')}
              </Button>
              <Button type="button" variant="tertiary" onClick={() => setRejecting(false)}>
                {t('pages.roleGrants.cancel')}
              </Button>
            </div>
          </form>
        ) : (
          <div className="staff-row">
            <Button aria-disabled={busy || undefined} onClick={() => !busy && approve.mutate()}>
              {t('pages.roleGrants.approve', names)}
            </Button>
            <Button variant="secondary" data-color="danger" onClick={() => setRejecting(true)}>
              {t('pages.roleGrants.reject', names)}
            </Button>
          </div>
        )}
      </Card>
    </li>
  );
}
