import { EntityManager } from 'typeorm';

/**
 * Runs a statement with RETURNING and gives its rows. TypeORM's `query()` answers an UPDATE or
 * DELETE with `[rows, rowCount]` but a SELECT or INSERT with `rows`; this hides the difference.
 */
export async function returnedRows<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
