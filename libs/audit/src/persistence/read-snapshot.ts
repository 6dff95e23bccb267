import { DataSource, EntityManager } from 'typeorm';

/** A read-only REPEATABLE READ transaction on its own connection: every query sees one snapshot. */
export interface ReadSnapshot {
  manager: EntityManager;
  /** Commits (or rolls back after an error) and gives the connection back. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens a snapshot. Verification and export read the chain head, the checkpoints and millions of
 * events; in one snapshot they agree with each other even while writers keep appending.
 */
export async function openReadSnapshot(dataSource: DataSource): Promise<ReadSnapshot> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await runner.release();
    throw error;
  }
  let closed = false;
  return {
    manager: runner.manager,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await runner.query('ROLLBACK'); // read-only: nothing to commit
      } catch {
        // the connection may be broken; releasing it is all that is left to do
      } finally {
        await runner.release();
      }
    },
  };
}

export async function inReadSnapshot<T>(dataSource: DataSource, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  const snapshot = await openReadSnapshot(dataSource);
  try {
    return await fn(snapshot.manager);
  } finally {
    await snapshot.close();
  }
}

let cursorCounter = 0;

/**
 * Streams a query's rows in batches through a server-side cursor (DECLARE/FETCH) inside the
 * caller's transaction: one index scan, flat memory however many rows match.
 */
export async function* fetchInBatches<R>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
  batchSize: number,
): AsyncGenerator<R[]> {
  const cursor = `audit_cursor_${++cursorCounter}`;
  await manager.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, params);
  try {
    for (;;) {
      const rows: R[] = await manager.query(`FETCH FORWARD ${batchSize} FROM ${cursor}`);
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) return;
    }
  } finally {
    await manager.query(`CLOSE ${cursor}`).catch(() => undefined);
  }
}
