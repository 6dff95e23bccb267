import { Injectable } from '@nestjs/common';
import { Database, Tx } from '@app/platform';
import { CaseRefusal } from './case-refusal';

type Outcome<T> = { done: T } | { refused: CaseRefusal };

/**
 * One transaction per consultation call. A `CaseRefusal` thrown by the work is committed (the
 * refusal's audit event must stay on the record although the request fails) and its domain error
 * thrown after the commit; anything else thrown rolls back as usual.
 */
@Injectable()
export class CaseTransactions {
  constructor(private readonly db: Database) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return committingRefusals((inner) => this.db.transaction(inner), work);
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
