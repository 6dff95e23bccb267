import {
  Alert,
  Button,
  Field,
  Heading,
  Label,
  Paragraph,
  Select,
  Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ApiError, call } from '../../../api/errors';
import { FormErrorSummary, type FormError } from '../../../components/FormErrorSummary';
import { useUser } from '../../../session/SessionProvider';
import {
  type Consultation,
  movesFor,
  OPEN_STATUSES,
  type Outcome,
  OUTCOMES,
  type Status,
  statusList,
  statusText,
} from '../vocabulary';
import { changeError, useCaseChanged } from './useCase';

const OUTCOME_ID = 'case-outcome';

/**
 * Claim (an open, unassigned case) and the status moves this user may make now, as buttons.
 * Closing asks for the outcome first. A refused move (409) says where the case can go instead.
 */
export function CaseMoves({ consultation: c }: { consultation: Consultation }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const changed = useCaseChanged(c.id);
  const [closing, setClosing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | null>(null);

  const fail = (error: unknown, conflict?: string) => {
    if (error instanceof ApiError && error.status === 412) changed();
    if (error instanceof ApiError && error.status === 409 && error.problem?.allowedMoves) {
      const moves = error.problem.allowedMoves;
      changed();
      return setErrors([
        {
          message:
            moves.length > 0
              ? t('pages.case.moveConflict', { moves: statusList(t, i18n.language, moves) })
              : t('pages.case.moveConflictNone'),
        },
      ]);
    }
    setErrors([{ message: changeError(t, error, conflict ? { 409: conflict } : {}) }]);
  };

  const claim = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/consultations/{id}/claim', {
          params: { path: { id: c.id }, header: { 'If-Match': String(c.version) } },
        }),
      ),
    onSuccess: (answer) => {
      setErrors([]);
      setDone(t('pages.case.claimed'));
      changed(answer);
    },
    onError: (error) => fail(error, t('pages.case.claimConflict')),
  });
  const move = useMutation({
    mutationFn: (body: { to: Status; outcome?: Outcome; reason?: string }) =>
      call(
        api.POST('/api/v1/consultations/{id}/transitions', {
          params: { path: { id: c.id }, header: { 'If-Match': String(c.version) } },
          body,
        }),
      ),
    onSuccess: (answer) => {
      setErrors([]);
      setClosing(false);
      setOutcome('');
      setReason('');
      setDone(t('pages.case.moved', { status: statusText(t, answer.status) }));
      changed(answer);
    },
    onError: (error) => fail(error),
  });

  const moves = movesFor(c, user.role, user.id);
  const canClaim = !c.assigneeId && OPEN_STATUSES.includes(c.status) && c.status !== 'assigned';
  const busy = claim.isPending || move.isPending;

  function start(to: Status) {
    if (busy) return;
    setDone(null);
    setErrors([]);
    if (to === 'closed') return setClosing(true);
    move.mutate({ to });
  }

  function close(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setDone(null);
    if (!outcome) return setErrors([{ fieldId: OUTCOME_ID, message: t('pages.case.outcomeRequired') }]);
    move.mutate({ to: 'closed', outcome, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  }

  const outcomeError = errors.find((e) => e.fieldId === OUTCOME_ID)?.message;
  return (
    <section aria-labelledby="case-moves" className="staff-section">
      <Heading level={2} data-size="sm" id="case-moves">
        {t('pages.case.movesHeading')}
      </Heading>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      {done && (
        <Alert data-color="success" role="status" data-testid="move-done">
          {done}
        </Alert>
      )}
      {!canClaim && moves.length === 0 && <Paragraph>{t('pages.case.noMoves')}</Paragraph>}
      <div className="staff-row">
        {canClaim && (
          <Button onClick={() => !busy && claim.mutate()} aria-disabled={busy || undefined}>
            {t('pages.case.claim')}
          </Button>
        )}
        {moves.map((to) => (
          <Button
            key={to}
            variant={to === 'closed' ? 'secondary' : 'primary'}
            aria-expanded={to === 'closed' ? closing : undefined}
            onClick={() => start(to)}
            aria-disabled={busy || undefined}
          >
            {t(`pages.case.moveTo.${to}`)}
          </Button>
        ))}
      </div>
      {closing && (
        <form noValidate onSubmit={close} className="app-stack staff-form" aria-labelledby="case-close">
          <Heading level={3} data-size="xs" id="case-close">
            {t('pages.case.closeHeading')}
          </Heading>
          <Field>
            <Label htmlFor={OUTCOME_ID}>{t('pages.case.outcomeLabel')}</Label>
            {outcomeError && <ValidationMessage>{outcomeError}</ValidationMessage>}
            <Select
              id={OUTCOME_ID}
              value={outcome}
              aria-invalid={outcomeError ? true : undefined}
              onChange={(event) => setOutcome(event.target.value as Outcome | '')}
            >
              <Select.Option value="">{t('pages.case.outcomeChoose')}</Select.Option>
              {OUTCOMES.map((o) => (
                <Select.Option key={o} value={o}>
                  {t(`pages.staff.outcome.${o}`)}
                </Select.Option>
              ))}
            </Select>
          </Field>
          <Textfield
            id="case-close-reason"
            multiline
            rows={2}
            maxLength={2000}
            label={t('pages.case.reasonLabel')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="staff-row">
            <Button type="submit" aria-disabled={busy || undefined}>
              {t('pages.case.confirmClose')}
            </Button>
            <Button type="button" variant="tertiary" onClick={() => setClosing(false)}>
              {t('pages.case.cancel')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
