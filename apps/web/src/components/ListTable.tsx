import { Table } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';

/**
 * A list as a table: a caption for screen readers, one header row, the rows given, inside a wrapper
 * that scrolls sideways on its own so the page reflows at 320 px.
 */
export function ListTable({
  testId,
  caption,
  columns,
  className,
  children,
}: {
  testId: string;
  caption: string;
  columns: readonly string[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="app-table-wrap">
      <Table data-testid={testId} className={className}>
        <caption className="app-visually-hidden">{caption}</caption>
        <Table.Head>
          <Table.Row>
            {columns.map((column) => (
              <Table.HeaderCell key={column}>{column}</Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>{children}</Table.Body>
      </Table>
    </div>
  );
}
