import { Alert, Button, Checkbox, Paragraph } from '@digdir/designsystemet-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorSummary, type FormError } from '../FormErrorSummary';

const SAVED = 'recovery-codes-saved';

/** The ten recovery codes, shown this once, and the person's word that they saved them. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<FormError[]>([]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!saved) {
      setErrors([{ fieldId: SAVED, message: t('mfa.recovery.savedRequired') }]);
      return;
    }
    onDone();
  }

  return (
    <div className="app-stack">
      <Alert data-color="success" role="status">
        {t('mfa.recovery.enabled')}
      </Alert>
      <FormErrorSummary heading={t('errors.summaryHeading')} errors={errors} />
      <Paragraph>{t('mfa.recovery.intro')}</Paragraph>
      <ol className="app-recovery-codes" aria-label={t('mfa.recovery.listLabel')} data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <form noValidate onSubmit={submit} className="app-stack">
        <Checkbox
          id={SAVED}
          label={t('mfa.recovery.saved')}
          checked={saved}
          onChange={(event) => {
            setSaved(event.target.checked);
            setErrors([]);
          }}
          error={errors.find((e) => e.fieldId === SAVED)?.message}
        />
        <div>
          <Button type="submit">{t('mfa.recovery.continue')}</Button>
        </div>
      </form>
    </div>
  );
}
