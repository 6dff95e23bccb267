import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import sv from './sv.json';

/**
 * i18n (docs/web.md): Swedish by default, English selectable. Every user-facing string lives in
 * sv.json and en.json (same keys, checked by catalogs.spec.ts), keyed by area: `app.*`, `nav.*`,
 * `session.*`, `login.*`, `errors.*`, `pages.<page>.*`. Only the language choice is stored.
 */
export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'consult-intake.language';

export const resources = { sv: { translation: sv }, en: { translation: en } } as const;

function storedLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'sv';
  } catch {
    return 'sv';
  }
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: storedLanguage(),
    fallbackLng: 'sv',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    try {
      window.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // private mode: the choice lasts for this page only
    }
  });
  return i18next;
}
