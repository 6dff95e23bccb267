import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/**
 * What a repository method needs to run its SQL: `query(text, parameters)`, answering as TypeORM's
 * `EntityManager.query` does (the rows; `[rows, rowCount]` for UPDATE and DELETE). An
 * EntityManager is one, so a repository method typed with it still composes into any TypeORM
 * transaction; DirectSql's transactions hand out another.
 */
export type SqlRunner = Pick<EntityManager, 'query'>;

/**
 * SQL straight on TypeORM's own pg pool (the same connections, size and role switch), for the
 * hottest request paths: the access guard's lookup and the intake transaction. TypeORM wraps every
 * call in a QueryRunner (created, connected and released per statement outside a transaction),
 * broadcaster events and several promise layers, which cost tens of µs of CPU per request here
 * (bench/performance.md). The statements are the same and so are the framing (START TRANSACTION,
 * COMMIT, ROLLBACK on any error), the answers and the errors (QueryFailedError), so one repository
 * method serves both.
 *
 * Statements with parameters run as named prepared statements (see `prepared`): each pooled
 * connection parses and plans one once, then only binds and executes it.
 */
@Injectable()
export class DirectSql implements SqlRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One statement on any pooled connection, in its own implicit transaction. */
  async query<T>(text: string, parameters?: unknown[]): Promise<T> {
    return answer<T>(await this.pool().query(prepared(text, parameters)).catch(failed(text, parameters)));
  }

  /**
   * Runs `work` in one transaction on one pooled connection: committed if it resolves, rolled back
   * if it (or the commit) throws. A connection that fails is closed, not returned to the pool.
   */
  async transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
    const client = await this.pool().connect();
    let broken: Error | undefined;
    // pg-pool listens for errors on idle connections only; one that dies while held must not
    // become an unhandled 'error' event (TypeORM's query runner listens for the same reason).
    const onError = (error: Error) => (broken ??= error);
    client.on('error', onError);
    const sql: SqlRunner = {
      query: <R>(text: string, parameters?: unknown[]) => run<R>(client, text, parameters),
    };
    try {
      await run(client, 'START TRANSACTION');
      const result = await work(sql);
      await run(client, 'COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken ??= rollbackError));
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }
}

async function run<T>(client: PoolClient, text: string, parameters?: unknown[]): Promise<T> {
  return answer<T>(await client.query(prepared(text, parameters)).catch(failed(text, parameters)));
}

/** At most this many distinct statements are prepared (per connection); any beyond run unprepared. */
export const MAX_PREPARED_STATEMENTS = 64;
const statementNames = new Map<string, string>();

/**
 * The statement as pg should send it: with parameters, under a name derived from its text, so pg
 * sends Parse once per connection and Bind/Execute after that (the intake's statements are 1-2 KB
 * of SQL that PostgreSQL would otherwise parse and plan on every request; measured in
 * bench/performance.md). The name is a hash of the text, so one name never means two texts. Bounded:
 * SQL built at run time (say, a varying IN list) could otherwise fill every connection with
 * prepared statements.
 */
function prepared(text: string, values?: unknown[]): QueryConfig {
  if (!values || values.length === 0) return { text, values };
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= MAX_PREPARED_STATEMENTS) return { text, values };
    name = `direct_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

/** TypeORM's shape: the rows, and for UPDATE and DELETE `[rows, rowCount]`. */
function answer<T>(result: QueryResult): T {
  return (
    result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount] : result.rows
  ) as T;
}

function failed(text: string, parameters?: unknown[]) {
  return (error: Error): never => {
    throw new QueryFailedError(text, parameters, error);
  };
}
