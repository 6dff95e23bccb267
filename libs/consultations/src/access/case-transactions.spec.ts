import { ConflictError, DirectSql } from '@app/platform';
import { DataSource } from 'typeorm';
import { CaseRefusal } from './case-refusal';
import { CaseTransactions } from './case-transactions';

/** A transaction double: runs the work and says whether it committed or rolled back. */
function fakeTransaction(ends: string[]) {
  return async <T>(work: (runner: never) => Promise<T>): Promise<T> => {
    try {
      const result = await work({} as never);
      ends.push('commit');
      return result;
    } catch (error) {
      ends.push('rollback');
      throw error;
    }
  };
}

describe('CaseTransactions', () => {
  const ends: string[] = [];
  const transactions = new CaseTransactions(
    { transaction: fakeTransaction(ends) } as unknown as DataSource,
    { transaction: fakeTransaction(ends) } as unknown as DirectSql,
  );
  beforeEach(() => ends.splice(0));

  it.each(['run', 'runDirect'] as const)(
    '%s commits a refusal (its audit event) and throws its error',
    async (how) => {
      const error = new ConflictError('no');
      await expect(
        transactions[how](async () => {
          throw new CaseRefusal(error);
        }),
      ).rejects.toBe(error);
      expect(ends).toEqual(['commit']);
    },
  );

  it.each(['run', 'runDirect'] as const)('%s rolls back on any other error', async (how) => {
    const error = new Error('boom');
    await expect(
      transactions[how](async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(ends).toEqual(['rollback']);
  });

  it.each(['run', 'runDirect'] as const)('%s answers what the work returns', async (how) => {
    await expect(transactions[how](async () => 42)).resolves.toBe(42);
    expect(ends).toEqual(['commit']);
  });
});
