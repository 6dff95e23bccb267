import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource, QueryFailedError } from 'typeorm';
import { databaseOptions } from './database-options';
import { DirectSql } from './direct-sql';

describe('DirectSql', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let sql: DirectSql;

  const jobIds = async (): Promise<string[]> =>
    (await dataSource.query(`SELECT job_id FROM outbox ORDER BY job_id`)).map(
      (r: { job_id: string }) => r.job_id,
    );
  const insertJob = (runner: Pick<DirectSql, 'query'>, id: string) =>
    runner.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload) VALUES ('maintenance', 'test.job', $1, '{}')`,
      [id],
    );
  const pool = () =>
    (dataSource.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;

  beforeAll(async () => {
    database = await createTestDatabase('directsql');
    dataSource = new DataSource(databaseOptions({ url: database.url, poolSize: 2, appRole: 'consult_app' }));
    await dataSource.initialize();
    sql = new DirectSql(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(() => dataSource.query(`DELETE FROM outbox`));

  it('runs on the pool TypeORM made, as the application role', async () => {
    expect(await sql.query(`SELECT current_user AS "user"`)).toEqual([{ user: 'consult_app' }]);
  });

  it('answers like EntityManager.query: rows, and [rows, count] for UPDATE and DELETE', async () => {
    await insertJob(sql, 'a');
    await insertJob(sql, 'b');
    const update = `UPDATE outbox SET attempts = attempts + 1 WHERE job_id = $1 RETURNING job_id`;
    const del = `DELETE FROM outbox WHERE job_id = ANY($1) RETURNING job_id`;
    expect(await sql.query(update, ['a'])).toEqual(await dataSource.query(update, ['a']));
    expect(await sql.query(update, ['a'])).toEqual([[{ job_id: 'a' }], 1]);
    expect(await sql.query(`SELECT job_id FROM outbox WHERE job_id = $1`, ['b'])).toEqual([{ job_id: 'b' }]);
    const [deleted, count] = await sql.query<[{ job_id: string }[], number]>(del, [['a', 'b']]);
    expect([deleted.map((r) => r.job_id).sort(), count]).toEqual([['a', 'b'], 2]);
  });

  it('commits a transaction that resolves, with everything it wrote', async () => {
    const answer = await sql.transaction(async (tx) => {
      await insertJob(tx, 'one');
      await insertJob(tx, 'two');
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await jobIds()).toEqual(['one', 'two']);
  });

  it('rolls back everything when the work throws, and rethrows its error', async () => {
    const boom = new Error('boom');
    await expect(
      sql.transaction(async (tx) => {
        await insertJob(tx, 'lost');
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await jobIds()).toEqual([]);
  });

  it('fails a statement with TypeORM QueryFailedError and rolls the transaction back', async () => {
    const error = await sql
      .transaction(async (tx) => {
        await insertJob(tx, 'lost');
        await tx.query(`SELECT 1 / $1::int`, [0]);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError<Error & { code?: string }>).driverError.code).toBe('22012'); // division_by_zero
    expect(await jobIds()).toEqual([]);
  });

  it('runs statements with parameters as named prepared statements, parsed once per connection', async () => {
    const text = `SELECT $1::int + 1 AS n`;
    const seen = await sql.transaction(async (tx) => {
      expect(await tx.query(text, [1])).toEqual([{ n: 2 }]);
      expect(await tx.query(text, [41])).toEqual([{ n: 42 }]);
      return tx.query<{ name: string }[]>(
        `SELECT name FROM pg_prepared_statements WHERE statement = '${text}'`,
      );
    });
    expect(seen).toEqual([{ name: expect.stringMatching(/^direct_[0-9a-f]{32}$/) }]);
  });

  it('gives the connection back after each transaction, committed or not', async () => {
    for (let i = 0; i < 5; i++) {
      await sql.transaction(async (tx) => insertJob(tx, `ok-${i}`));
      await sql.transaction(async () => Promise.reject(new Error('no'))).catch(() => undefined);
    }
    expect(pool().totalCount).toBeLessThanOrEqual(2);
    expect(pool().idleCount).toBe(pool().totalCount);
  });
});
