import { Alert, Button, Fieldset, Paragraph } from '@digdir/designsystemet-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call, errorMessage } from '../../api/errors';

const DUTY_KEY = ['availability'] as const;

/** On / off duty (investigators): GET /me/availability shows the state, PUT /me/availability sets it. */
export function DutyToggle() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const duty = useQuery({
    queryKey: DUTY_KEY,
    queryFn: () => call(api.GET('/api/v1/me/availability')),
  });
  const set = useMutation({
    mutationFn: (onDuty: boolean) => call(api.PUT('/api/v1/me/availability', { body: { onDuty } })),
    onSuccess: (answer) => queryClient.setQueryData(DUTY_KEY, answer),
  });
  const onDuty = duty.data?.onDuty;
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
          ? duty.isPending
            ? t('pages.triageQueue.duty.loading')
            : ''
          : onDuty
            ? t('pages.triageQueue.duty.isOn')
            : t('pages.triageQueue.duty.isOff')}
      </Paragraph>
      {duty.isError && <Alert data-color="danger">{errorMessage(t, duty.error)}</Alert>}
      {set.isError && <Alert data-color="danger">{errorMessage(t, set.error)}</Alert>}
    </Fieldset>
  );
}
