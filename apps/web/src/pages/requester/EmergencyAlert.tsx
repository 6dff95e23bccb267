import { Alert, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

type Resource = Schemas['ReferralResourceDto'];

/**
 * The "call 112 now" alert shown while "someone is in immediate danger" is ticked and after such a
 * request is sent. Before sending it names the national support line from the catalog; after sending,
 * the configured resources from the answer's `advice`.
 */
export function EmergencyAlert({ resources, id }: { resources?: readonly Resource[]; id?: string }) {
  const { t } = useTranslation();
  const list: readonly Resource[] =
    resources && resources.length > 0
      ? resources
      : [{ name: t('pages.emergency.supportLineName'), phone: t('pages.emergency.supportLine') }];
  return (
    <Alert data-color="danger" role="alert" id={id} data-testid="emergency-alert" className="app-emergency">
      <Heading level={2} data-size="sm">
        {t('pages.emergency.heading')}
      </Heading>
      <Paragraph>
        <strong>{t('pages.emergency.body')}</strong>
      </Paragraph>
      <Heading level={3} data-size="xs">
        {t('pages.emergency.resourcesHeading')}
      </Heading>
      <ul className="app-emergency__resources">
        {list.map((resource) => (
          <li key={resource.name}>
            <strong>{resource.name}</strong>
            {resource.phone && (
              <>
                {' '}
                <a className="ds-link" href={`tel:${resource.phone.replace(/[^+\d]/g, '')}`}>
                  {t('pages.emergency.phone', { phone: resource.phone })}
                </a>
              </>
            )}
            {resource.description && <span>{` ${resource.description}`}</span>}
            {resource.url && (
              <>
                {' '}
                <a className="ds-link" href={resource.url} rel="noreferrer">
                  {resource.url}
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
