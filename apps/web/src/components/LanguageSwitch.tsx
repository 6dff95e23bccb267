import { Button } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

/** Swedish / English; each language is named in itself, and the document's lang follows (i18n/index.ts). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div role="group" aria-label={t('language.label')} className="app-header__tools">
      {LANGUAGES.map((language) => (
        <Button
          key={language}
          variant={i18n.language === language ? 'primary' : 'tertiary'}
          data-size="sm"
          lang={language}
          aria-pressed={i18n.language === language}
          onClick={() => void i18n.changeLanguage(language)}
        >
          {t(`language.${language}`)}
        </Button>
      ))}
    </div>
  );
}
