import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading';

/** Any path that is not a page of the caller's role; says nothing about whether it exists for others. */
export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('notFound.title')}</PageHeading>
      <Paragraph>{t('notFound.body')}</Paragraph>
      <Paragraph>
        <Link to="/" className="ds-link">
          {t('notFound.home')}
        </Link>
      </Paragraph>
    </>
  );
}
