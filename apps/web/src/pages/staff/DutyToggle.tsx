import { Alert, Button, Fieldset, Paragraph } from '@digdir/designsystemet-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';

/**
 * On / off duty (PUT /me/availability, investigators). The API has no read of the current state,
 * so the choice made here is what the page shows; until then it asks.
 */
export function DutyToggle() {
  const { t } = useTranslation();
  const set = useMutation({
    mutationFn: (onDuty: boolean) => call(api.PUT('/api/v1/me/availability', { body: { onDuty } })),
  });
  const onDuty = set.data?.onDuty;
  return (
    <Fieldset className="staff-duty">
      <Fieldset.Legend>{t('pages.triageQueue.duty.legend')}</Fieldset.Legend>
      <div className="staff-row">
        <Button
          data-size="sm"
          variant={onDuty === true ? 'primary' : 'secondary'}
          aria-pressed={onDuty === true}
          onClick={() => set.mutate(true)}
        >
          {t('pages.triageQueue.duty.on')}
        </Button>
        <Button
          data-size="sm"
          variant={onDuty === false ? 'primary' : 'secondary'}
          aria-pressed={onDuty === false}
          onClick={() => set.mutate(false)}
        >
          {t('pages.triageQueue.duty.off')}
        </Button>
      </div>
      <Paragraph role="status" data-size="sm" data-testid="duty-status">
        {onDuty === undefined
          ? t('pages.triageQueue.duty.unknown')
          : onDuty
            ? t('pages.triageQueue.duty.isOn')
            : t('pages.triageQueue.duty.isOff')}
      </Paragraph>
      {set.isError && <Alert data-color="danger">{errorMessage(t, set.error)}</Alert>}
    </Fieldset>
  );
}
