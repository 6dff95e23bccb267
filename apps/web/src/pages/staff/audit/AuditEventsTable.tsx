import { Table, Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api/client';
import { formatDateTime } from '../format';

type AuditEvent = Schemas['AuditEventDto'];
const OUTCOME_COLOR = { success: 'success', denied: 'danger', failure: 'warning' } as const;

/**
 * Audit events as a table in a focusable, labelled scroll region (so the page itself reflows at
 * 320 px while the table keeps its columns). Loading, errors, "nothing" and paging: ListView.
 */
export function AuditEventsTable({ events }: { events: readonly AuditEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="staff-table-scroll" role="region" aria-label={t('pages.audit.tableLabel')} tabIndex={0}>
      <Table zebra data-size="sm" data-testid="audit-events">
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t('pages.audit.col.seq')}</Table.HeaderCell>
            <Table.HeaderCell>{t('pages.audit.col.time')}</Table.HeaderCell>
            <Table.HeaderCell>{t('pages.audit.col.actor')}</Table.HeaderCell>
            <Table.HeaderCell>{t('pages.audit.col.action')}</Table.HeaderCell>
            <Table.HeaderCell>{t('pages.audit.col.resource')}</Table.HeaderCell>
            <Table.HeaderCell>{t('pages.audit.col.outcome')}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {events.map((e) => (
            <Table.Row key={e.id} data-testid="audit-event" data-action={e.action}>
              <Table.Cell>{e.seq}</Table.Cell>
              <Table.Cell>
                <time dateTime={e.occurredAt}>{formatDateTime(i18n.language, e.occurredAt)}</time>
              </Table.Cell>
              <Table.Cell>
                {t(`pages.staff.role.${e.actorRole}`)}
                {e.actorId && <span className="staff-id"> {e.actorId}</span>}
              </Table.Cell>
              <Table.Cell>
                <code>{e.action}</code>
              </Table.Cell>
              <Table.Cell>
                {e.resourceType}
                {e.resourceId && <span className="staff-id"> {e.resourceId}</span>}
              </Table.Cell>
              <Table.Cell>
                <Tag data-color={OUTCOME_COLOR[e.outcome]} variant="outline">
                  {t(`pages.audit.outcomeValue.${e.outcome}`)}
                </Tag>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  );
}
