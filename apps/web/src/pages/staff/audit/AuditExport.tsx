import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { call, errorMessage } from '../../../api/errors';
import type { AuditFilter } from './AuditFilters';

type Format = 'csv' | 'ndjson';

/**
 * CSV / NDJSON export of the filtered trail. The export needs the bearer token, so a plain link
 * cannot fetch it: the client fetches it and the browser saves it from a Blob URL (allowed by the
 * app's CSP, which governs fetches, not downloads).
 */
export function AuditExport({ filter }: { filter: AuditFilter }) {
  const { t } = useTranslation();
  const exportFile = useMutation({
    mutationFn: async (format: Format) => {
      const blob = await call(
        api.GET('/api/v1/audit-events/export', { params: { query: { ...filter, format } }, parseAs: 'blob' }),
      );
      const file = `audit-events.${format}`;
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file;
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return file;
    },
  });
  return (
    <section aria-labelledby="audit-export" className="staff-section">
      <Heading level={2} data-size="sm" id="audit-export">
        {t('pages.audit.exportHeading')}
      </Heading>
      <Paragraph>{t('pages.audit.exportIntro')}</Paragraph>
      <div className="staff-row">
        {(['csv', 'ndjson'] as const).map((format) => (
          <Button
            key={format}
            variant="secondary"
            aria-disabled={exportFile.isPending || undefined}
            onClick={() => !exportFile.isPending && exportFile.mutate(format)}
          >
            {format === 'csv' ? t('pages.audit.exportCsv') : t('pages.audit.exportNdjson')}
          </Button>
        ))}
      </div>
      <div role="status">
        {exportFile.isPending && <Paragraph>{t('pages.audit.exporting')}</Paragraph>}
        {exportFile.isSuccess && (
          <Paragraph>{t('pages.audit.exported', { file: exportFile.data })}</Paragraph>
        )}
      </div>
      {exportFile.isError && <Alert data-color="danger">{errorMessage(t, exportFile.error)}</Alert>}
    </section>
  );
}
