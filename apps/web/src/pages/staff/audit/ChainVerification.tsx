import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { call, errorMessage } from '../../../api/errors';

/** GET /audit-events/verify on demand (it reads the whole chain), with the verdict in words. */
export function ChainVerification() {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: () => call(api.GET('/api/v1/audit-events/verify')) });
  const result = verify.data;
  const reason = result && t(`pages.audit.verifyReason.${result.reason ?? 'unknown'}`);
  return (
    <section aria-labelledby="audit-verify" className="staff-section">
      <Heading level={2} data-size="sm" id="audit-verify">
        {t('pages.audit.verifyHeading')}
      </Heading>
      <Paragraph>{t('pages.audit.verifyIntro')}</Paragraph>
      <div>
        <Button
          variant="secondary"
          onClick={() => !verify.isPending && verify.mutate()}
          aria-disabled={verify.isPending || undefined}
        >
          {verify.isPending ? t('pages.audit.verifying') : t('pages.audit.verify')}
        </Button>
      </div>
      <div role="status" data-testid="verify-result">
        {result && (
          <Alert data-color={result.valid ? 'success' : 'danger'}>
            {result.valid
              ? t('pages.audit.valid', { count: result.checkedEvents, seq: result.headSeq })
              : result.firstInvalidSeq !== null
                ? t('pages.audit.invalidAt', { seq: result.firstInvalidSeq, reason })
                : t('pages.audit.invalid', { reason })}
          </Alert>
        )}
        {verify.isError && <Alert data-color="danger">{errorMessage(t, verify.error)}</Alert>}
      </div>
    </section>
  );
}
