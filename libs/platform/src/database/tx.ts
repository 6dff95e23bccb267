/**
 * What a statement answers: its rows (a SELECT's, or those of INSERT/UPDATE/DELETE ... RETURNING)
 * and how many rows it touched (`affected`: matched by a SELECT, written by the others). The one
 * result shape of the data layer, whatever the statement: read `.rows` or `.affected`.
 */
export interface SqlResult<R> {
  rows: R[];
  affected: number;
}

/**
 * Where a repository method runs its SQL: a transaction opened by `Database.transaction`, or the
 * `Database` itself (each statement then commits on its own). Every repository method that writes
 * takes one as its first parameter, so the caller decides what commits together: the domain
 * change, its audit event and its outbox row.
 */
export interface Tx {
  /** True inside `Database.transaction`; false on the Database itself (and no EntityManager is a Tx). */
  readonly inTransaction: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the caller
  query<R = any>(text: string, parameters?: readonly unknown[]): Promise<SqlResult<R>>;
}
