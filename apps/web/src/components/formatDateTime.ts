/** A date and time in the page's language, e.g. "3 dec. 2026 06:52" (sv) or "3 Dec 2026, 06:52" (en). */
export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}
