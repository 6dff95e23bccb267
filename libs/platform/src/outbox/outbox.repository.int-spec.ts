import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../database/database-options';
import { OutboxRepository } from './outbox.repository';

describe('OutboxRepository.deletePublished', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let outbox: OutboxRepository;

  /** An outbox row; ages in hours before now (null: not published). */
  const row = async (label: string, ages: { created: number; published: number | null }) =>
    dataSource.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, created_at, published_at)
       VALUES ('maintenance', 'test.job', $1, '{}',
               now() - make_interval(hours => $2),
               CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(hours => $3::int) END)`,
      [label, ages.created, ages.published],
    );
  const remaining = async (): Promise<string[]> =>
    (await dataSource.query(`SELECT job_id FROM outbox ORDER BY job_id`)).map(
      (r: { job_id: string }) => r.job_id,
    );

  beforeAll(async () => {
    database = await createTestDatabase('outboxcleanup');
    // As the application role, so the test also proves it may delete from the outbox.
    dataSource = new DataSource(databaseOptions({ url: database.url, poolSize: 2, appRole: 'consult_app' }));
    await dataSource.initialize();
    outbox = new OutboxRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('deletes rows published longer ago than the retention, in batches, and nothing else', async () => {
    await row('due-1', { created: 400, published: 399 });
    await row('due-2', { created: 200, published: 170 });
    await row('due-3', { created: 169, published: 169 });
    await row('kept-published-recently', { created: 300, published: 167 });
    await row('kept-published-now', { created: 1, published: 0 });
    await row('kept-unpublished-old', { created: 1000, published: null });

    expect(await outbox.deletePublished({ olderThanHours: 168, batch: 2 })).toBe(2);
    expect(await outbox.deletePublished({ olderThanHours: 168, batch: 2 })).toBe(1);
    expect(await outbox.deletePublished({ olderThanHours: 168, batch: 2 })).toBe(0);
    expect(await remaining()).toEqual([
      'kept-published-now',
      'kept-published-recently',
      'kept-unpublished-old',
    ]);

    expect(await outbox.deletePublished({ olderThanHours: 1, batch: 10 })).toBe(1);
    expect(await remaining()).toEqual(['kept-published-now', 'kept-unpublished-old']);
  });
});
