import { Logger } from '@nestjs/common';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { PinoLogger, Logger as NestPinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { Writable } from 'node:stream';
import { DataSource, QueryFailedError } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { databaseOptions } from '../database/database-options';
import { loggerOptions } from './logging.module';


const SECRET = 'anna.secret@example.org';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino(loggerOptions('info', new RequestContext()), stream), lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('error logging (real PostgreSQL errors)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('errorlog');
    dataSource = new DataSource(databaseOptions({ url: database.url, poolSize: 1, appRole: '' }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** Real failures whose parameters PostgreSQL or TypeORM would repeat: a cast, a NUL byte, a unique key. */
  async function failures(): Promise<QueryFailedError[]> {
    const errors: QueryFailedError[] = [];
    const attempt = async (sql: string, parameters: unknown[]) => {
      try {
        await dataSource.query(sql, parameters);
      } catch (error) {
        errors.push(error as QueryFailedError);
      }
    };
    await attempt(`SELECT $1::uuid`, [SECRET]);
    await attempt(`SELECT $1::text`, [`${SECRET}\u0000`]);
    await dataSource.query(`CREATE TEMP TABLE IF NOT EXISTS people (email text UNIQUE)`);
    await dataSource.query(`INSERT INTO people VALUES ($1) ON CONFLICT DO NOTHING`, [SECRET]);
    await attempt(`INSERT INTO people VALUES ($1)`, [SECRET]);
    return errors;
  }

  it('the failures used here do carry the parameters (so the test can fail)', async () => {
    const errors = await failures();
    expect(errors).toHaveLength(3);
    for (const error of errors) expect(error).toBeInstanceOf(QueryFailedError);
    expect(JSON.stringify(pino.stdSerializers.err(errors[2]))).toContain(SECRET);
    expect(JSON.stringify(pino.stdSerializers.err(errors[0]))).toContain(SECRET);
  });

  it('logs them under err and error without parameters, detail or quoted values, keeping what identifies them', async () => {
    const { logger, lines } = capture();
    const errors = await failures();
    for (const error of errors) {
      logger.error({ err: error, requestId: 'r1' }, 'unhandled error');
      logger.warn({ error }, 'failed');
    }
    await flush();
    expect(lines).toHaveLength(6);
    expect(lines.join('\n')).not.toContain('anna.secret');
    const unique = JSON.parse(lines[4]);
    expect(unique.err).toMatchObject({
      type: 'QueryFailedError',
      code: '23505',
      query: 'INSERT INTO people VALUES ($1)',
    });
    expect(unique.err).not.toHaveProperty('parameters');
    expect(unique.err).not.toHaveProperty('driverError');
    expect(unique.err).not.toHaveProperty('detail');
  });

  it('keeps them out of lines written through Nest’s Logger (nestjs-pino), as the problem filter does', async () => {
    const { logger, lines } = capture();
    const nest = new NestPinoLogger(new PinoLogger({ pinoHttp: { logger } }), {});
    Logger.overrideLogger(nest);
    try {
      const errors = await failures();
      const log = new Logger('ProblemDetails');
      for (const error of errors) {
        log.error({ err: error, requestId: 'r2' }, 'unhandled error');
        log.error(error);
      }
    } finally {
      Logger.overrideLogger(false);
    }
    await flush();
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines.join('\n')).not.toContain('anna.secret');
  });
});
