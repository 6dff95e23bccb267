import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DirectSql, SqlRunner } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { CaseRefusal } from './case-refusal';

type Outcome<T> = { done: T } | { refused: CaseRefusal };

/**
 * One transaction per consultation call. A `CaseRefusal` thrown by the work is committed (the
 * refusal's audit event must stay on the record although the request fails) and its domain error
 * thrown after the commit; anything else thrown rolls back as usual.
 */
@Injectable()
export class CaseTransactions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: DirectSql,
  ) {}

  run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return committingRefusals((inner) => this.dataSource.transaction(inner), work);
  }

  /**
   * `run` on DirectSql (TypeORM's pg pool without its query runners), for the hottest write,
   * intake: the same one transaction, refusals and audit-last rule, and the same statements. The
   * work gets `query` only, which is all the repository methods it calls need.
   */
  runDirect<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
    return committingRefusals((inner) => this.sql.transaction(inner), work);
  }
}

async function committingRefusals<R, T>(
  transaction: (inner: (runner: R) => Promise<Outcome<T>>) => Promise<Outcome<T>>,
  work: (runner: R) => Promise<T>,
): Promise<T> {
  const outcome = await transaction(async (runner) => {
    try {
      return { done: await work(runner) };
    } catch (error) {
      if (error instanceof CaseRefusal) return { refused: error };
      throw error;
    }
  });
  if ('refused' in outcome) throw outcome.refused.error;
  return outcome.done;
}
