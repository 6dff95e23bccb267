import { archiveAndPrune, signCheckpoint } from '@app/audit';
import { databaseOptions, validateEnvironment } from '@app/platform';
import { CLI_CONFIG } from './cli.config';
import { TEST_PG_ADMIN_URL } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditTestDb, createAuditTestDb } from '../../../libs/audit/src/testing/audit-test-db';
import { auditPrune } from './audit-prune.command';
import { auditVerify } from './audit-verify.command';


const DAY = 24 * 3600 * 1000;

/**
 * Audit retention: `npm run audit:prune` archives the events older than AUDIT_RETENTION_DAYS up to
 * a signed checkpoint and removes them as consult_audit_maintenance; the application role cannot
 * remove a single event; the rest of the chain still verifies from the archive's checkpoint, the
 * archive verifies on its own, and tampering is still detected on both sides.
 */
describe('audit-prune command', () => {
  let db: AuditTestDb;
  let dir: string;
  let maintainer: string;
  let appLogin: string;
  let output: string[];
  let key: Buffer;
  const env = (extra: Record<string, string> = {}) =>
    validateEnvironment({
      NODE_ENV: 'test',
      DATABASE_URL: db.database.url,
      AUDIT_MAINTENANCE_DATABASE_URL: maintenanceUrl(),
      ...extra,
    }, CLI_CONFIG);
  const maintenanceUrl = () => {
    const url = new URL(db.database.url);
    url.username = maintainer;
    url.password = '';
    return url.toString();
  };
  const sign = async (seq: number) => {
    const { rows } = await db.admin.query(`SELECT hash FROM audit_events WHERE seq = $1`, [seq]);
    await db.checkpoints.insert(signCheckpoint(key, { seq, headHash: rows[0].hash, createdAt: new Date() }));
  };
  const count = async () =>
    Number((await db.admin.query(`SELECT count(*) AS n FROM audit_events`)).rows[0].n);

  beforeAll(async () => {
    db = await createAuditTestDb('auditprune');
    dir = await mkdtemp(join(tmpdir(), 'audit-prune-'));
    key = Buffer.from(env().AUDIT_SIGNING_KEY, 'base64');
    // A login for the maintenance command only (roles are cluster-wide: a unique name per run).
    maintainer = `audit_maint_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${maintainer} LOGIN IN ROLE consult_audit_maintenance`);
    appLogin = `app_login_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE ROLE ${appLogin} LOGIN IN ROLE consult_app`);
    await admin.end();

    // Six years ago: events 1-30, checkpoints at 20 and 30; today: 31-40, checkpoint at 40.
    const old = Date.now() - 6 * 365 * DAY;
    await db.insertChained(
      Array.from({ length: 30 }, (_, i) => ({
        occurredAt: new Date(old + i * 60_000),
        action: 'consultation.read',
        resourceType: 'consultation',
        resourceId: `old-${i}`,
      })),
    );
    await sign(20);
    await sign(30);
    await db.append(10);
    await sign(40);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db.close();
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${maintainer}`);
    await admin.query(`DROP ROLE IF EXISTS ${appLogin}`);
    await admin.end();
  });

  beforeEach(() => {
    output = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => void output.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  it('gives the application role no way to remove a single event, archived or not', async () => {
    // As production connects: a login that is a member of consult_app only (not a superuser).
    const appUrl = new URL(db.database.url);
    appUrl.username = appLogin;
    const app = new DataSource(
      databaseOptions({ url: appUrl.toString(), poolSize: 1, appRole: 'consult_app' }),
    );
    await app.initialize();
    try {
      await expect(app.query(`DELETE FROM audit_events WHERE seq = 1`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`TRUNCATE audit_events`)).rejects.toThrow(/permission denied/);
      await expect(
        app.query(
          `INSERT INTO audit_archives (seq, head_hash, events, archive_sha256) VALUES (30, 'x', 30, 'x')`,
        ),
      ).rejects.toThrow(/permission denied/);
      await expect(app.query(`SET ROLE consult_audit_maintenance`)).rejects.toThrow(/permission denied/);
      // The whole prune, run with the application's credentials, removes nothing.
      const asApp = await archiveAndPrune(app, key, {
        olderThan: new Date(Date.now() - 1825 * DAY),
        file: join(dir, 'as-app.ndjson'),
      }).catch((error: Error) => error);
      expect(asApp).toBeInstanceOf(Error);
      expect(String(asApp)).toMatch(/permission denied/);
    } finally {
      await app.destroy();
    }
    expect(await count()).toBe(40);
  });

  it('refuses a maintenance delete of events no archive covers', async () => {
    const maintenance = new DataSource(
      databaseOptions({ url: maintenanceUrl(), poolSize: 1, appRole: 'consult_audit_maintenance' }),
    );
    await maintenance.initialize();
    try {
      await expect(maintenance.query(`DELETE FROM audit_events WHERE seq = 1`)).rejects.toThrow(
        /append-only/,
      );
      await expect(
        maintenance.query(
          `INSERT INTO audit_archives (seq, head_hash, events, archive_sha256) VALUES (30, 'forged', 30, 'x')`,
        ),
      ).rejects.toThrow(/signed checkpoint/);
    } finally {
      await maintenance.destroy();
    }
    expect(await count()).toBe(40);
  });

  it('exits 2 without --out or without AUDIT_MAINTENANCE_DATABASE_URL', async () => {
    expect(await auditPrune(env(), [])).toBe(2);
    expect(
      await auditPrune(validateEnvironment({ NODE_ENV: 'test', DATABASE_URL: db.database.url }, CLI_CONFIG), [
        '--out',
        join(dir, 'x.ndjson'),
      ]),
    ).toBe(2);
  });

  let archive: string;

  it('archives the events older than the retention up to a signed checkpoint, then removes them', async () => {
    archive = join(dir, 'archive-1.ndjson');
    expect(await auditPrune(env(), ['--out', archive])).toBe(0);
    expect(output.join('\n')).toMatch(/archived and removed 30 event\(s\) through seq 30/);
    const { rows } = await db.admin.query(
      `SELECT min(seq)::int AS min, count(*)::int AS n FROM audit_events`,
    );
    expect(rows[0]).toEqual({ min: 31, n: 10 });
    const archived = await db.admin.query(
      `SELECT seq::int AS seq, events::int AS events FROM audit_archives`,
    );
    expect(archived.rows).toEqual([{ seq: 30, events: 30 }]);
    const lines = (await readFile(archive, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'export', filters: {}, archive: { throughSeq: 30 } });
    expect(lines.filter((l) => l.type === 'event')).toHaveLength(30);
    expect(lines.filter((l) => l.type === 'checkpoint').map((l) => l.seq)).toEqual([20, 30]);
    expect(lines.at(-1)).toEqual({ type: 'end', events: 30, checkpoints: 2 });
  });

  it('finds nothing more to archive when run again, and writes no file', async () => {
    expect(await auditPrune(env(), ['--out', join(dir, 'archive-2.ndjson')])).toBe(0);
    expect(output.join('\n')).toMatch(/nothing to archive/);
    await expect(readFile(join(dir, 'archive-2.ndjson'))).rejects.toThrow();
  });

  it('verifies the rest of the live chain from the archive checkpoint', async () => {
    expect(await auditVerify(env(), ['--json'])).toBe(0);
    expect(JSON.parse(output[0])).toMatchObject({ valid: true, checkedEvents: 10, headSeq: 40 });
  });

  it('verifies the archive on its own, offline, and detects an edit in it', async () => {
    expect(await auditVerify(env(), ['--file', archive])).toBe(0);
    const edited = join(dir, 'edited.ndjson');
    await writeFile(
      edited,
      (await readFile(archive, 'utf8')).replace('"resourceId":"old-7"', '"resourceId":"old-8"'),
    );
    expect(await auditVerify(env(), ['--file', edited])).toBe(1);
  });

  it('still verifies a full export of what remains offline (it names its starting checkpoint)', async () => {
    const { AuditReviewService } = await import('@app/audit');
    const review = new AuditReviewService(db.dataSource, db.events, db.checkpoints, db.recorder);
    const { stream } = await review.openExport({ id: crypto.randomUUID(), role: 'supervisor' }, {}, 'ndjson');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    const file = join(dir, 'export-after.ndjson');
    await writeFile(file, Buffer.concat(chunks));
    expect(await auditVerify(env(), ['--file', file])).toBe(0);
    // Without its starting checkpoint line, the start cannot be vouched for.
    const text = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((l) => !l.includes('"type":"checkpoint","seq":30,'));
    await writeFile(file, text.join('\n'));
    expect(await auditVerify(env(), ['--file', file])).toBe(1);
  });

  it('still detects tampering with the remaining events', async () => {
    await db.tamper(`UPDATE audit_events SET action = 'forged' WHERE seq = 35`);
    expect(await auditVerify(env(), ['--json'])).toBe(1);
    expect(JSON.parse(output[0])).toMatchObject({
      valid: false,
      firstInvalidSeq: 35,
      reason: 'hash_mismatch',
    });
  });

  it('detects a prefix removed without an archive (a superuser deleting the oldest retained events)', async () => {
    await db.tamper(`DELETE FROM audit_events WHERE seq IN (31, 32)`);
    expect(await auditVerify(env(), ['--json'])).toBe(1);
    expect(JSON.parse(output[0])).toMatchObject({ valid: false, firstInvalidSeq: 31, reason: 'seq_gap' });
  });
});
