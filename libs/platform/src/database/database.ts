import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { PoolClient, QueryConfig, QueryResult } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { SqlResult, Tx } from './tx';

export interface TransactionOptions {
  /** PostgreSQL's default (READ COMMITTED) unless set. */
  isolation?: 'REPEATABLE READ' | 'SERIALIZABLE';
  readOnly?: boolean;
}

/** A transaction kept open across calls (an export streamed to a client); see `Database.open`. */
export interface OpenTransaction {
  tx: Tx;
  /** Ends it: COMMIT, or ROLLBACK when `rollback` is set. Gives the connection back; safe to call twice. */
  close(options?: { rollback?: boolean }): Promise<void>;
}

/**
 * The data layer's one way to the database: `transaction(work)` hands `work` a `Tx`, and the
 * Database is itself a `Tx` for statements that commit on their own. Repositories hold every SQL
 * statement and run it on the `Tx` they are given (writes) or on this (reads outside a transaction).
 *
 * Built on TypeORM's public API: each call takes a connection from TypeORM's pool with a
 * QueryRunner (`createQueryRunner()` + `connect()`, which answers the pg client and releases it on
 * a connection error) and runs its statements on that pg client itself. That keeps what the
 * measurements bought (bench/performance.md): no QueryRunner.query layers (broadcaster events,
 * promise wrappers) per statement, and statements with parameters prepared once per connection
 * (see `prepared`). Errors are TypeORM's QueryFailedError, as from `EntityManager.query`. The public
 * path costs nothing measurable against the private pool it replaced (bench/performance.md, row 9).
 */
@Injectable()
export class Database implements Tx {
  readonly inTransaction = false;

  constructor(private readonly dataSource: DataSource) {}

  /** One statement on a pooled connection, in its own implicit transaction. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the caller, as in Tx
  async query<R = any>(text: string, parameters?: readonly unknown[]): Promise<SqlResult<R>> {
    const runner = this.dataSource.createQueryRunner();
    const client: PoolClient = await runner.connect();
    try {
      return await run<R>(client, text, parameters);
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs `work` in one transaction on one pooled connection: committed if it resolves, rolled back
   * if it (or the commit) throws, and the error rethrown.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const open = await this.open(options);
    let result: T;
    try {
      result = await work(open.tx);
    } catch (error) {
      await open.close({ rollback: true });
      throw error;
    }
    await open.close();
    return result;
  }

  /**
   * Opens a transaction the caller ends with `close()`, for work that outlives one call (a
   * snapshot an export streams from). Prefer `transaction`, which cannot leak a connection.
   */
  async open(options: TransactionOptions = {}): Promise<OpenTransaction> {
    const runner = this.dataSource.createQueryRunner();
    const client: PoolClient = await runner.connect();
    const tx = new ClientTx(client);
    let closed = false;
    const close = async ({ rollback = false } = {}) => {
      if (closed) return;
      closed = true;
      try {
        if (!rollback) {
          await run(client, 'COMMIT');
          return;
        }
        // A connection whose ROLLBACK fails is in an unknown state: close it, so the pool drops it.
        await client.query('ROLLBACK').catch(() => client.end().catch(() => undefined));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => client.end().catch(() => undefined));
        throw error;
      } finally {
        await runner.release();
      }
    };
    try {
      await run(client, begin(options));
    } catch (error) {
      closed = true;
      await runner.release();
      throw error;
    }
    return { tx, close };
  }
}

function begin({ isolation, readOnly }: TransactionOptions): string {
  return ['START TRANSACTION', isolation && `ISOLATION LEVEL ${isolation}`, readOnly && 'READ ONLY']
    .filter(Boolean)
    .join(' ');
}

/** A transaction's statements: all on its one connection. */
class ClientTx implements Tx {
  readonly inTransaction = true;

  constructor(readonly client: PoolClient) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the caller, as in Tx
  query<R = any>(text: string, parameters?: readonly unknown[]): Promise<SqlResult<R>> {
    return run<R>(this.client, text, parameters);
  }
}

/** The pg connection of a transaction, for platform code that streams (see `fetchInBatches`). */
export function connectionOf(tx: Tx): PoolClient {
  if (!(tx instanceof ClientTx))
    throw new Error('needs a transaction from Database.transaction or Database.open');
  return tx.client;
}

async function run<R>(
  client: PoolClient,
  text: string,
  parameters?: readonly unknown[],
): Promise<SqlResult<R>> {
  let result: QueryResult;
  try {
    result = await client.query(prepared(text, parameters));
  } catch (error) {
    throw new QueryFailedError(text, parameters as unknown[] | undefined, error as Error);
  }
  return { rows: result.rows as R[], affected: result.rowCount ?? 0 };
}

/**
 * At most this many distinct statements are prepared (per connection); any beyond run unprepared.
 * Above the number of statements the repositories hold, so every one of them is prepared.
 */
export const MAX_PREPARED_STATEMENTS = 512;
const statementNames = new Map<string, string>();
/** Plain DML; not DECLARE (a cursor's statement text carries its per-use name). */
const PREPARABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;

/**
 * The statement as pg should send it: with parameters, under a name derived from its text, so pg
 * sends Parse once per connection and Bind/Execute after that (the intake's statements are 1-2 KB
 * of SQL that PostgreSQL would otherwise parse and plan on every request; measured in
 * bench/performance.md). The name is a hash of the text, so one name never means two texts. Bounded:
 * SQL built at run time (say, a varying IN list) could otherwise fill every connection with
 * prepared statements.
 */
function prepared(text: string, parameters?: readonly unknown[]): QueryConfig {
  const values = parameters as unknown[] | undefined;
  if (!values || values.length === 0 || !PREPARABLE.test(text)) return { text, values };
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= MAX_PREPARED_STATEMENTS) return { text, values };
    name = `direct_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}
