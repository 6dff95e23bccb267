import { AuditReviewService, signCheckpoint } from '@app/audit';
import { validateEnvironment } from '@app/platform';
import { CLI_CONFIG } from './cli.config';
import { randomUUID } from 'node:crypto';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTestDb, createAuditTestDb } from '../../../libs/audit/src/testing/audit-test-db';
import { auditVerify } from './audit-verify.command';

describe('audit-verify command', () => {
  let db: AuditTestDb;
  let dir: string;
  let output: string[];
  const env = () => validateEnvironment({ NODE_ENV: 'test', DATABASE_URL: db.database.url }, CLI_CONFIG);

  beforeAll(async () => {
    db = await createAuditTestDb('auditverifycli');
    dir = await mkdtemp(join(tmpdir(), 'audit-verify-'));
    await db.append(25);
    const head = await db.events.readHead();
    const key = Buffer.from(env().AUDIT_SIGNING_KEY, 'base64');
    await db.checkpoints.insert(
      signCheckpoint(key, { seq: head.seq, headHash: head.hash, createdAt: new Date() }),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db.close();
  });
  beforeEach(() => {
    output = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => void output.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  async function exportTo(name: string, filter = {}): Promise<string> {
    const review = new AuditReviewService(db.dataSource, db.events, db.checkpoints, db.recorder);
    const { stream } = await review.openExport({ id: randomUUID(), role: 'supervisor' }, filter, 'ndjson');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    const path = join(dir, name);
    await writeFile(path, Buffer.concat(chunks));
    return path;
  }

  it('verifies the live chain and exits 0', async () => {
    expect(await auditVerify(env(), [])).toBe(0);
    expect(output.join('\n')).toMatch(
      /audit trail VALID[\s\S]*checked events: 25[\s\S]*latest checkpoint: seq 25.*: valid/,
    );
  });

  it('prints the verdict as JSON with --json', async () => {
    expect(await auditVerify(env(), ['--json'])).toBe(0);
    expect(JSON.parse(output[0])).toMatchObject({ valid: true, checkedEvents: 25, firstInvalidSeq: null });
  });

  it('verifies an unfiltered export file offline, and exits 1 for an edited one', async () => {
    const path = await exportTo('full.ndjson');
    expect(await auditVerify(env(), ['--file', path])).toBe(0);
    const { readFile } = await import('node:fs/promises');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"seq":3,', '"seq":33,'));
    expect(await auditVerify(env(), ['--file', path])).toBe(1);
  });

  it('exits 2 for a filtered export, a missing file or unknown arguments', async () => {
    expect(
      await auditVerify(env(), [
        '--file',
        await exportTo('filtered.ndjson', { action: 'consultation.read' }),
      ]),
    ).toBe(2);
    expect(await auditVerify(env(), ['--file', join(dir, 'nope.ndjson')])).toBe(2);
    expect(await auditVerify(env(), ['--verbose'])).toBe(2);
  });

  it('exits 1 when the live chain was tampered with', async () => {
    await db.tamper(`UPDATE audit_events SET action = 'forged' WHERE seq = 4`);
    expect(await auditVerify(env(), [])).toBe(1);
    expect(output.join('\n')).toMatch(/INVALID[\s\S]*first invalid seq: 4 \(hash_mismatch\)/);
  });
});
