import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { refreshSession } from '../api/client';
import { isLoggedIn, useSession } from './SessionProvider';
import { useIdleTimer } from './useIdleTimer';

/** After SESSION_IDLE_MINUTES without use: a warning first, then logout (the query cache is emptied). */
export function IdleWarning() {
  const { t } = useTranslation();
  const { state, idleMinutes, logout } = useSession();
  const { secondsLeft, reset } = useIdleTimer(
    isLoggedIn(state),
    idleMinutes,
    () => void logout('idle'),
  );
  if (secondsLeft === null) return null;
  return (
    <Alert data-color="warning" role="alert" className="app-idle-warning">
      <Heading level={2} data-size="xs">
        {t('session.idleWarningHeading')}
      </Heading>
      <Paragraph>{t('session.idleWarning', { seconds: secondsLeft })}</Paragraph>
      <Button
        onClick={() => {
          reset();
          // Also tells the server the login is in use.
          void refreshSession();
        }}
      >
        {t('session.stayLoggedIn')}
      </Button>
    </Alert>
  );
}
