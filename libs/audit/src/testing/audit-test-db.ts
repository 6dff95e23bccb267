import { databaseOptions, RequestContext, validateEnvironment } from '@app/platform';
import { auditConfig, AuditConfig } from '../audit.config';
import { createTestDatabase, TEST_PG_ADMIN_URL, TestDatabase } from '@app/testing';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { canonicalBody, chainHash } from '../chain/canonical-encoding';
import { AuditCheckpointsRepository } from '../persistence/audit-checkpoints.repository';
import { AuditEventsRepository } from '../persistence/audit-events.repository';
import { AuditEventInput } from '../recording/audit-event';
import { AuditRecorder } from '../recording/audit-recorder';

/** Fields of an event written straight into the table by `insertChained` (time chosen by the test). */
export interface RawEvent {
  occurredAt: Date;
  actorId?: string | null;
  actorRole?: string;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  outcome?: string;
  details?: Record<string, unknown>;
}

export interface AuditTestDb {
  database: TestDatabase;
  /** Connected as the application role (consult_app), like the API and worker. */
  dataSource: DataSource;
  /** Superuser, for fixtures and tampering. */
  admin: Pool;
  recorder: AuditRecorder;
  events: AuditEventsRepository;
  checkpoints: AuditCheckpointsRepository;
  /** Appends through AuditRecorder, one transaction each. */
  append(count: number, input?: (i: number) => Partial<AuditEventInput>): Promise<void>;
  /** Appends correctly chained events with the times the test chooses (as SQL, moving the head). */
  insertChained(events: RawEvent[]): Promise<{ id: string; seq: number }[]>;
  /** Runs SQL as a superuser who has switched the append-only triggers off, then switches them back on. */
  tamper(sql: string, params?: unknown[]): Promise<void>;
  config(overrides?: Record<string, string>): AuditConfig;
  close(): Promise<void>;
}

export async function createAuditTestDb(label: string, poolSize = 4): Promise<AuditTestDb> {
  const database = await createTestDatabase(label);
  const dataSource = new DataSource(databaseOptions({ url: database.url, poolSize, appRole: 'consult_app' }));
  await dataSource.initialize();
  const admin = new Pool({ connectionString: database.url, max: 2 });
  const recorder = new AuditRecorder(new RequestContext());

  const insertChained = async (events: RawEvent[]) => {
    const client = await admin.connect();
    try {
      await client.query('BEGIN');
      const head = (
        await client.query(`SELECT seq::int AS seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`)
      ).rows[0];
      let { seq, hash } = head as { seq: number; hash: string };
      const out: { id: string; seq: number }[] = [];
      let last: Date | null = null;
      for (const e of events) {
        const fields = {
          occurredAt: e.occurredAt,
          actorId: e.actorId ?? null,
          actorRole: e.actorRole ?? 'investigator',
          action: e.action,
          resourceType: e.resourceType,
          resourceId: e.resourceId ?? null,
          outcome: e.outcome ?? 'success',
          ip: null,
          userAgent: null,
          requestId: null,
          details: e.details ?? {},
        };
        seq += 1;
        const next = chainHash(seq, hash, canonicalBody(fields));
        const { rows } = await client.query(
          `INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, resource_type, resource_id, outcome,
                                     details, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
          [
            seq,
            fields.occurredAt,
            fields.actorId,
            fields.actorRole,
            fields.action,
            fields.resourceType,
            fields.resourceId,
            fields.outcome,
            JSON.stringify(fields.details),
            hash,
            next,
          ],
        );
        out.push({ id: rows[0].id, seq });
        hash = next;
        last = e.occurredAt;
      }
      await client.query(
        `UPDATE audit_chain_head SET seq = $1, hash = $2, last_occurred_at = GREATEST(last_occurred_at, $3) WHERE id = 1`,
        [seq, hash, last ?? new Date(0)],
      );
      await client.query('COMMIT');
      return out;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };

  return {
    database,
    dataSource,
    admin,
    recorder,
    events: new AuditEventsRepository(dataSource),
    checkpoints: new AuditCheckpointsRepository(dataSource),
    async append(count, input = () => ({})) {
      for (let i = 0; i < count; i++) {
        await dataSource.transaction((m) =>
          recorder.record(m, {
            action: 'consultation.read',
            resourceType: 'consultation',
            actorRole: 'investigator',
            ...input(i),
          }),
        );
      }
    },
    insertChained,
    async tamper(sql, params = []) {
      const client = await admin.connect();
      try {
        await client.query('ALTER TABLE audit_events DISABLE TRIGGER ALL');
        await client.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER ALL');
        await client.query(sql, params);
      } finally {
        for (const table of ['audit_events', 'audit_checkpoints']) {
          await client.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_no_update_delete`);
          await client.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_no_truncate`);
        }
        client.release();
      }
    },
    config(overrides = {}) {
      return new AuditConfig(
        validateEnvironment({ NODE_ENV: 'test', DATABASE_URL: database.url, ...overrides }, [auditConfig]),
      );
    },
    async close() {
      await dataSource.destroy();
      await admin.end();
      await waitForDisconnects(database.name);
      await database.drop();
    },
  };
}

/**
 * pg-pool's end() resolves before its idle clients have finished disconnecting; dropping the
 * database WITH (FORCE) at that moment kills them and they report an unhandled error. Wait them out.
 */
async function waitForDisconnects(name: string): Promise<void> {
  const client = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`,
        [name],
      );
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await client.end();
  }
}
