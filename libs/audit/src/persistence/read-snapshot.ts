import { connectionOf, Database, Tx } from '@app/platform';
import { PoolClient, Query, QueryResultRow } from 'pg';

/** A read-only REPEATABLE READ transaction on its own connection: every query sees one snapshot. */
export interface ReadSnapshot {
  tx: Tx;
  /** Rolls back (read-only: nothing to commit) and gives the connection back. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens a snapshot. Verification and export read the chain head, the checkpoints and millions of
 * events; in one snapshot they agree with each other even while writers keep appending.
 */
export async function openReadSnapshot(db: Database): Promise<ReadSnapshot> {
  const open = await db.open({ isolation: 'REPEATABLE READ', readOnly: true });
  return { tx: open.tx, close: () => open.close({ rollback: true }) };
}

export async function inReadSnapshot<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const snapshot = await openReadSnapshot(db);
  try {
    return await fn(snapshot.tx);
  } finally {
    await snapshot.close();
  }
}

let cursorCounter = 0;

/**
 * Collects one FETCH's rows from pg's `row` events. pg's own result keeps every row of a query in
 * its `Result`, and when V8 allocates those per-query objects in the old generation (it
 * "pretenures" them once enough have survived), every dead one still holds its rows, which keeps
 * them alive through each young-generation collection until a full one: a million rows streamed
 * that way promoted about 800 MB of garbage into the old generation, which is what made the
 * process's RSS grow by 100-160 MB during a verification or an export. Taking the rows from the
 * events instead, into this one long-lived holder, leaves nothing but the current batch
 * reachable; the same million rows then promote about 5 MB (bench/performance.md).
 */
class RowSink<R> {
  private rows: R[] = [];
  private readonly onRow = (row: R) => {
    this.rows.push(row);
  };

  fetch(client: PoolClient, text: string): Promise<R[]> {
    this.rows = [];
    return new Promise<R[]>((resolve, reject) => {
      const query = new Query<R & QueryResultRow>(text);
      query.on('row', this.onRow);
      query.on('error', reject);
      query.on('end', () => {
        const rows = this.rows;
        this.rows = [];
        resolve(rows);
      });
      client.query(query);
    });
  }
}

/**
 * Streams a query's rows in batches through a server-side cursor (DECLARE/FETCH) inside the
 * caller's transaction: one index scan, flat memory however many rows match. Rows are typed as
 * `Tx.query` gives them (pg's type parsers: Date, parsed JSON, bigint as text).
 */
export async function* fetchInBatches<R>(
  tx: Tx,
  sql: string,
  params: unknown[],
  batchSize: number,
): AsyncGenerator<R[]> {
  const client = connectionOf(tx);
  const cursor = `audit_cursor_${++cursorCounter}`;
  await tx.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, params);
  try {
    const sink = new RowSink<R>();
    for (;;) {
      const rows = await sink.fetch(client, `FETCH FORWARD ${batchSize} FROM ${cursor}`);
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) return;
    }
  } finally {
    await tx.query(`CLOSE ${cursor}`).catch(() => undefined);
  }
}
