import { Heading } from '@digdir/designsystemet-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

/**
 * Every page's one h1. On every navigation it takes the focus (screen readers announce the new page,
 * keyboard users start from the top of the content) and names the document.
 */
export function PageHeading({ children }: { children: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  useEffect(() => {
    document.title = `${children} – ${t('app.titleSuffix')}`;
  }, [children, t]);
  useEffect(() => {
    ref.current?.focus();
  }, [location.key]);
  return (
    <Heading level={1} data-size="lg" tabIndex={-1} ref={ref}>
      {children}
    </Heading>
  );
}
