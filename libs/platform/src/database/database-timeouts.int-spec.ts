import { createTestDatabase, TestDatabase } from '@app/testing';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { databaseOptions } from './database-options';
import { databaseUnavailable } from './database-unavailable';
import { Database } from './database';

/**
 * Issue 11, reliability: a statement that runs too long, or a pool with no free connection, fails
 * fast as "database unavailable" (503), instead of hanging the request for as long as the database does.
 */
describe('database timeouts', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const filter = new ProblemDetailsFilter();

  beforeAll(async () => {
    database = await createTestDatabase('dbtimeouts');
    dataSource = new DataSource(
      databaseOptions({ url: database.appUrl, poolSize: 1, statementTimeoutMs: 300, connectTimeoutMs: 400 }),
    );
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const pool = () => (dataSource.driver as unknown as { master: Pool }).master;

  it('sets statement_timeout, keepalive, connect and idle timeouts on every pooled connection', async () => {
    expect(await dataSource.query(`SHOW statement_timeout`)).toEqual([{ statement_timeout: '300ms' }]);
    expect(pool().options).toMatchObject({
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 400,
      idleTimeoutMillis: 30_000,
      query_timeout: 5_300,
    });
  });

  it.each([
    ['TypeORM', (sql: string, p: unknown[]) => dataSource.query(sql, p)],
    ['Database', (sql: string, p: unknown[]) => new Database(dataSource).query(sql, p)],
  ])('a statement over the timeout fails within it through %s, as a 503', async (_name, run) => {
    const started = Date.now();
    const error = await run(`SELECT pg_sleep($1)`, [5]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(databaseUnavailable(error)).toMatchObject({ code: '57014' });
    expect(filter.toProblem(error, 'r1')).toMatchObject({
      status: 503,
      type: 'urn:consult-intake:problem:service_unavailable',
    });
    // The connection is usable again.
    expect(await dataSource.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it('waiting for a connection from a full pool fails after the connect timeout, as a 503', async () => {
    const held = await pool().connect();
    try {
      const started = Date.now();
      const error = await dataSource.query(`SELECT 1`).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(databaseUnavailable(error)).toBeDefined();
      expect(filter.toProblem(error, 'r2').status).toBe(503);
    } finally {
      held.release();
    }
  });
});
