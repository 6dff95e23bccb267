import { DataSource } from 'typeorm';
import { AUDIT_ENTITIES } from '@app/audit';
import { CONSULTATIONS_ENTITIES } from '@app/consultations';
import { IDENTITY_ENTITIES } from '@app/identity';
import { MAIL_ENTITIES } from '@app/mail';
import { NOTIFICATIONS_ENTITIES } from '@app/notifications';
import { databaseOptions, PLATFORM_ENTITIES } from '@app/platform';
import { STAFFING_ENTITIES } from '@app/staffing';
import { TRIAGE_ENTITIES } from '@app/triage';
import { createTestDatabase, TestDatabase } from './test-database';

const ALL_ENTITIES = [
  ...PLATFORM_ENTITIES,
  ...AUDIT_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...MAIL_ENTITIES,
  ...CONSULTATIONS_ENTITIES,
  ...STAFFING_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
  ...TRIAGE_ENTITIES,
];

/**
 * One description per table: the entities are the source, the migrations build the database. On a
 * freshly migrated database TypeORM's schema builder must find nothing to change (columns, types,
 * defaults, nullability, keys, foreign keys with ON DELETE, unique and check constraints by name,
 * indexes by name, columns and uniqueness). What TypeORM cannot compare, and so stays in the
 * migrations only: triggers and their functions, expression index parts (users_email_key on
 * email_key(email), the COALESCE in consultations_triage_queue_idx) and index column direction
 * (notifications_page_idx). TypeORM compares check constraints and partial indexes by name only;
 * the last test compares their text too, so a vocabulary the entities build SQL from (statuses,
 * priorities) cannot drift from the database's constraints.
 */
describe('the migrated schema and the entities', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('schema');
    dataSource = new DataSource({
      ...databaseOptions({ url: database.url, poolSize: 1 }),
      entities: ALL_ENTITIES,
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('describes every table the migrations create', async () => {
    const rows: { tablename: string }[] = await dataSource.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`,
    );
    const described = dataSource.entityMetadatas.map((m) => m.tableName).sort();
    expect(described).toEqual(rows.map((r) => r.tablename));
  });

  it('finds nothing to change between the entities and the migrated database', async () => {
    const diff = await dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('writes each check constraint and index predicate as the database has it', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      const tables = await runner.getTables(dataSource.entityMetadatas.map((m) => m.tableName));
      const inDatabase = tables.flatMap((t) => [
        ...t.checks.map((c) => `${t.name} check ${c.name}: ${sql(c.expression)}`),
        ...t.indices.filter((i) => i.where).map((i) => `${t.name} index ${i.name}: ${sql(i.where)}`),
      ]);
      const described = dataSource.entityMetadatas.flatMap((m) => [
        ...m.checks.map((c) => `${m.tableName} check ${c.name}: ${sql(c.expression)}`),
        ...m.indices.filter((i) => i.where).map((i) => `${m.tableName} index ${i.name}: ${sql(i.where)}`),
      ]);
      expect(described.sort()).toEqual(inDatabase.sort());
    } finally {
      await runner.release();
    }
  });
});

/** PostgreSQL prints a multi-line check as `CHECK (...)` and a one-line one bare: one form for both. */
function sql(expression: string | undefined): string {
  const flat = (expression ?? '').replace(/\s+/g, ' ').trim();
  return flat.startsWith('CHECK (') ? flat.slice('CHECK ('.length, -1).trim() : flat;
}
