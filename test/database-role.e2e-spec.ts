import { DataSource } from 'typeorm';
import { createE2eContext, E2eContext } from './support/e2e-context';

/**
 * Issue 11, newcomer: the API logs in as consult_app, a role that is not a superuser, so a
 * `RESET ROLE` on its connection gives back no power (it used to connect as the superuser and
 * `SET ROLE consult_app`, which RESET ROLE undid).
 */
describe('The application database role', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    ctx = await createE2eContext('dbrole');
    await ctx.http
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.org', password: 'wrong-password-here' });
  });
  afterAll(() => ctx.close());

  it('is consult_app, no superuser, also after RESET ROLE, and cannot touch the audit trail', async () => {
    const runner = ctx.app.get(DataSource).createQueryRunner();
    await runner.connect();
    try {
      await runner.query('RESET ROLE');
      const [me] = await runner.query(
        `SELECT session_user AS "session", current_user AS "current", r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls
         FROM pg_roles r WHERE r.rolname = session_user`,
      );
      expect(me).toEqual({
        session: 'consult_app',
        current: 'consult_app',
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolbypassrls: false,
      });
      expect(
        Number((await ctx.db.query(`SELECT count(*) AS n FROM audit_events`)).rows[0].n),
      ).toBeGreaterThan(0);
      for (const sql of [
        `DELETE FROM audit_events`,
        `ALTER TABLE audit_events DISABLE TRIGGER ALL`,
        `SET ROLE postgres`,
        `SET session_replication_role = replica`,
      ]) {
        await expect(runner.query(sql)).rejects.toMatchObject({ code: '42501' });
      }
      expect(
        Number((await ctx.db.query(`SELECT count(*) AS n FROM audit_events`)).rows[0].n),
      ).toBeGreaterThan(0);
    } finally {
      await runner.release();
    }
  });
});
