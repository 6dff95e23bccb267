import { AuditTestDb, createAuditTestDb } from '../testing/audit-test-db';

/** Issue 6 item 2: the trail is append-only for real, for the application and for a superuser's replica mode. */
describe('audit trail is append-only', () => {
  let db: AuditTestDb;

  beforeAll(async () => {
    db = await createAuditTestDb('appendonly');
    await db.append(3);
    await db.admin.query(
      `INSERT INTO audit_checkpoints (seq, head_hash, signature, key_id) VALUES (3, repeat('a', 64), repeat('b', 64), 'k')`,
    );
  });
  afterAll(() => db.close());

  it.each(['audit_events', 'audit_checkpoints'])(
    '%s: every guard trigger is ENABLE ALWAYS',
    async (table) => {
      const { rows } = await db.admin.query(
        `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname`,
        [table],
      );
      expect(rows).toEqual([
        { tgname: `${table}_no_truncate`, tgenabled: 'A' },
        { tgname: `${table}_no_update_delete`, tgenabled: 'A' },
      ]);
    },
  );

  it.each([
    ['audit_events', `UPDATE audit_events SET action = 'forged' WHERE seq = 1`],
    ['audit_events', `DELETE FROM audit_events WHERE seq = 3`],
    ['audit_events', `TRUNCATE audit_events`],
    ['audit_checkpoints', `UPDATE audit_checkpoints SET head_hash = repeat('c', 64)`],
    ['audit_checkpoints', `DELETE FROM audit_checkpoints`],
    ['audit_checkpoints', `TRUNCATE audit_checkpoints`],
  ])('%s: a superuser in session_replication_role = replica is still refused: %s', async (table, sql) => {
    const client = await db.admin.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await expect(client.query(sql)).rejects.toThrow(`audit trail is append-only`);
    } finally {
      await client.query('RESET session_replication_role');
      client.release();
    }
    const count = await db.admin.query(`SELECT count(*)::int AS n FROM ${table}`);
    expect(count.rows[0].n).toBe(table === 'audit_events' ? 3 : 1);
  });

  it.each(['audit_events', 'audit_checkpoints'])(
    '%s: the application role holds SELECT and INSERT only',
    async (table) => {
      const privileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
      const { rows } = await db.admin.query(
        `SELECT p AS privilege, has_table_privilege('consult_app', $1, p) AS granted FROM unnest($2::text[]) AS p`,
        [table, privileges],
      );
      expect(Object.fromEntries(rows.map((r) => [r.privilege, r.granted]))).toEqual({
        SELECT: true,
        INSERT: true,
        UPDATE: false,
        DELETE: false,
        TRUNCATE: false,
        REFERENCES: false,
        TRIGGER: false,
      });
    },
  );

  it.each([
    `UPDATE audit_events SET action = 'forged' WHERE seq = 1`,
    `DELETE FROM audit_events WHERE seq = 3`,
    `TRUNCATE audit_events`,
    `UPDATE audit_checkpoints SET head_hash = repeat('c', 64)`,
  ])('the application connection (role consult_app) is denied: %s', async (sql) => {
    const whoami = await db.dataSource.query(`SELECT current_user AS role`);
    expect(whoami[0].role).toBe('consult_app');
    await expect(db.dataSource.query(sql)).rejects.toMatchObject({ code: '42501' });
  });
});
