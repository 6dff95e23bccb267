import { useTranslation } from 'react-i18next';
import { Placeholder } from '../../components/Placeholder';

/** Placeholder: the real screen comes with its issue (docs/web.md "Adding a page"). */
export default function TriageQueuePage() {
  const { t } = useTranslation();
  return <Placeholder title={t('pages.triageQueue.title')} />;
}
