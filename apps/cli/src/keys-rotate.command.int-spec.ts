import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { PlatformModule, validateEnvironment } from '@app/platform';
import { createTestDatabase, TestDatabase, uniqueRedisPrefix } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  CaseActor,
  ConsultationInput,
  ConsultationIntakeService,
  ConsultationMessagesService,
  ConsultationReadingService,
  ConsultationsModule,
  ConsultationWorkflowService,
  ENCRYPTED_FIELDS,
} from '@app/consultations';
import { keysRotate } from './keys-rotate.command';

@Module({ imports: [PlatformModule, AuditModule, ConsultationsModule] })
class ConsultationsTestModule {}

const OLD = `old:${randomBytes(32).toString('base64')}`;
const NEW = `new:${randomBytes(32).toString('base64')}`;

const input = (summary: string, phone?: string): ConsultationInput => ({
  concernTypes: ['domestic_violence'],
  summary,
  subject: { identified: false },
  riskFactors: {
    immediateDanger: false,
    childrenInHousehold: true,
    threatsToKill: false,
    strangulation: false,
    weaponAccess: false,
    escalatingViolence: false,
    traffickingIndicators: false,
  },
  requestedSupport: ['advice'],
  preferredContact: phone ? { channel: 'phone', phone } : { channel: 'secure_message' },
});

// The integration project's testTimeout is not applied (Jest reads it only from the root config).
jest.setTimeout(60_000);

/** `npm run keys:rotate` (apps/cli keys-rotate) against consultations written through the service. */
describe('key rotation', () => {
  let database: TestDatabase;
  let db: Client;
  let requester: CaseActor;
  let investigator: CaseActor;
  const ids: string[] = [];

  const startService = async (encryptionKeys: string): Promise<INestApplicationContext> => {
    process.env.ENCRYPTION_KEYS = encryptionKeys;
    const app = await NestFactory.createApplicationContext(ConsultationsTestModule, { logger: false });
    await app.init();
    return app;
  };
  const rotate = (encryptionKeys: string, args: string[] = []) =>
    keysRotate(validateEnvironment({ ...process.env, ENCRYPTION_KEYS: encryptionKeys }), args);
  const encryptedValues = async (): Promise<string[]> => {
    const values: string[] = [];
    for (const { table, column } of ENCRYPTED_FIELDS) {
      const { rows } = await db.query(`SELECT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`);
      values.push(...rows.map((r) => r.v as string));
    }
    return values;
  };

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    database = await createTestDatabase('keyrotation');
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      REDIS_PREFIX: uniqueRedisPrefix('keyrotation'),
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
    const org = await db.query(
      `INSERT INTO organizations (name, kind) VALUES ('School', 'school') RETURNING id`,
    );
    const users = await db.query(
      `INSERT INTO users (email, display_name, role, organization_id, password_hash)
       VALUES ('r@test.example', 'R', 'requester', $1, 'x'), ('i@test.example', 'I', 'investigator', NULL, 'x') RETURNING id, role`,
      [org.rows[0].id],
    );
    requester = { id: users.rows[0].id, role: 'requester', organizationId: org.rows[0].id };
    investigator = { id: users.rows[1].id, role: 'investigator', organizationId: null };

    const app = await startService(OLD);
    const intake = app.get(ConsultationIntakeService);
    const workflow = app.get(ConsultationWorkflowService);
    const messages = app.get(ConsultationMessagesService);
    for (let i = 0; i < 7; i++) {
      const { consultation } = await intake.requestConsultation(
        requester,
        input(`Rotation case number ${i}, at home.`, i % 2 ? '+46701112233' : undefined),
      );
      ids.push(consultation.id);
    }
    await workflow.claim(investigator, ids[0]);
    await workflow.transition(investigator, ids[0], { to: 'in_progress', reason: 'Starting with a reason.' });
    await workflow.overrideTriage(investigator, ids[1], {
      priority: 'high',
      reason: 'Override reason text.',
    });
    await messages.postMessage(investigator, ids[0], { body: 'Message body text.' });
    await messages.postMessage(requester, ids[0], { body: 'Reply body text.' });
    await app.close();
  });

  afterAll(async () => {
    await db.end();
    await database.drop();
    jest.restoreAllMocks();
  });

  it('re-encrypts every encrypted field with the new first key, in batches, after which the old key can go', async () => {
    const before = await encryptedValues();
    expect(before).toHaveLength(7 + 3 + 1 + 1 + 2);
    expect(before.every((v) => v.startsWith('v1.old.'))).toBe(true);

    expect(await rotate(`${NEW},${OLD}`, ['--batch-size=3'])).toBe(0);
    const after = await encryptedValues();
    expect(after).toHaveLength(before.length);
    expect(after.every((v) => v.startsWith('v1.new.'))).toBe(true);

    const app = await startService(NEW);
    try {
      const reading = app.get(ConsultationReadingService);
      const read = await reading.get(investigator, ids[0]);
      expect(read.summary).toBe('Rotation case number 0, at home.');
      expect((await reading.get(investigator, ids[1])).priorityOverride?.reason).toBe(
        'Override reason text.',
      );
      expect((await reading.get(requester, ids[3])).preferredContact.phone).toBe('+46701112233');
      const thread = await app.get(ConsultationMessagesService).listMessages(investigator, ids[0], {});
      expect(thread.items.map((m) => m.body)).toEqual(['Message body text.', 'Reply body text.']);
    } finally {
      await app.close();
    }
  });

  it('finds nothing to do when run again', async () => {
    const before = await encryptedValues();
    expect(await rotate(`${NEW},${OLD}`)).toBe(0);
    expect(await encryptedValues()).toEqual(before);
  });

  it('reports a value it cannot decrypt (exit code 1) and still rotates the rest', async () => {
    const newest = `newest:${randomBytes(32).toString('base64')}`;
    // A summary moved into another row no longer decrypts: the binding names the row.
    await db.query(
      `UPDATE consultations SET summary = (SELECT summary FROM consultations WHERE id = $1) WHERE id = $2`,
      [ids[5], ids[6]],
    );
    expect(await rotate(`${newest},${NEW}`, ['--batch-size=2'])).toBe(1);
    const { rows } = await db.query(`SELECT id, summary FROM consultations`);
    for (const row of rows) {
      if (row.id === ids[6]) expect(row.summary.startsWith('v1.new.')).toBe(true);
      else expect(row.summary.startsWith('v1.newest.')).toBe(true);
    }
    expect(console.error).toHaveBeenCalledWith(
      expect.stringContaining(`row ${ids[6]}: cannot decrypt (authentication_failed)`),
    );
  });

  it('refuses a bad batch size', async () => {
    expect(await rotate(`${NEW}`, ['--batch-size=0'])).toBe(2);
  });
});
