import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit retention (docs/audit.md, "Retention of the trail"): a prefix of the chain that has been
 * exported as a signed archive may be removed, by the maintenance role only.
 * - `consult_audit_maintenance` (NOLOGIN): the operator grants it to a login used only by
 *   `npm run audit:prune` (AUDIT_MAINTENANCE_DATABASE_URL). The services never hold it: consult_app
 *   is not a member and still has no UPDATE or DELETE on the trail.
 * - `audit_archives`: one row per removed prefix: the signed checkpoint that closes it (seq, head
 *   hash), how many events it held and the archive file's SHA-256. Append-only. Verification then
 *   starts from the latest archive's checkpoint instead of genesis.
 * - The trail's trigger lets exactly one kind of DELETE through: by consult_audit_maintenance, of an
 *   event at or below the latest archived seq. Inserting an archive row is checked too: it must name
 *   a signed checkpoint whose hash is the stored event's hash at that seq, beyond the last archive.
 */
export class AuditRetention1764300001200 implements MigrationInterface {
  name = 'AuditRetention1764300001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'consult_audit_maintenance') THEN
          CREATE ROLE consult_audit_maintenance NOLOGIN;
        END IF;
      END $$`);
    // No foreign key to audit_checkpoints (it would change how a TRUNCATE of the checkpoints is
    // refused); the insert trigger below checks the checkpoint instead.
    await q.query(`
      CREATE TABLE audit_archives (
        seq bigint PRIMARY KEY,
        head_hash text NOT NULL,
        events bigint NOT NULL,
        archive_sha256 text NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_archives FROM consult_app`);
    await q.query(`GRANT USAGE ON SCHEMA public TO consult_audit_maintenance`);
    await q.query(`GRANT SELECT ON audit_events, audit_checkpoints, audit_chain_head TO consult_audit_maintenance`);
    await q.query(`GRANT DELETE ON audit_events TO consult_audit_maintenance`);
    await q.query(`GRANT SELECT, INSERT ON audit_archives TO consult_audit_maintenance`);

    await q.query(`
      CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_events' AND current_user = 'consult_audit_maintenance'
           AND OLD.seq <= (SELECT max(seq) FROM audit_archives) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_archive_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.seq <= COALESCE((SELECT max(seq) FROM audit_archives), 0) THEN
          RAISE EXCEPTION 'an audit archive must close beyond the last one' USING ERRCODE = 'check_violation';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM audit_checkpoints c JOIN audit_events e ON e.seq = c.seq
                       WHERE c.seq = NEW.seq AND c.head_hash = NEW.head_hash AND e.hash = NEW.head_hash) THEN
          RAISE EXCEPTION 'an audit archive must close at a signed checkpoint of the stored chain'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_archives_check BEFORE INSERT ON audit_archives FOR EACH ROW EXECUTE FUNCTION audit_archive_check()`,
    );
    await q.query(
      `CREATE TRIGGER audit_archives_no_update_delete BEFORE UPDATE OR DELETE ON audit_archives
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_archives_no_truncate BEFORE TRUNCATE ON audit_archives
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
    );
    for (const trigger of ['audit_archives_check', 'audit_archives_no_update_delete', 'audit_archives_no_truncate']) {
      await q.query(`ALTER TABLE audit_archives ENABLE ALWAYS TRIGGER ${trigger}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TABLE audit_archives`);
    await q.query(`DROP FUNCTION audit_archive_check()`);
    await q.query(`REVOKE ALL ON audit_events, audit_checkpoints, audit_chain_head FROM consult_audit_maintenance`);
  }
}
