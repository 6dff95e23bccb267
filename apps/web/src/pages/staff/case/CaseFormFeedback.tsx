import { Alert } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { FormErrorSummary, type FormError } from '../../../components/FormErrorSummary';

/** Above a case form: what is wrong with it, or that its change went through. */
export function CaseFormFeedback({ errors, done, doneText }: { errors: FormError[]; done: boolean; doneText: string }) {
  const { t } = useTranslation();
  return (
    <>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      {done && (
        <Alert data-color="success" role="status">
          {doneText}
        </Alert>
      )}
    </>
  );
}
