import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from './PageHeading';

/** A page whose screen is not built yet: its heading and a note. Replace with the real page. */
export function Placeholder({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <Paragraph>{t('pages.placeholder')}</Paragraph>
    </>
  );
}
