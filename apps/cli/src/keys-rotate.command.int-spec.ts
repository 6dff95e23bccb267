import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { databaseOptions, FieldCipher, parseEncryptionKeys, PlatformModule, validateEnvironment } from '@app/platform';
import { AuthenticatedActor, Role } from '@app/identity';
import { createTestDatabase, TestDatabase, uniqueRedisPrefix } from '@app/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  ConsultationInput,
  ConsultationIntakeService,
  ConsultationMessagesService,
  ConsultationReadingService,
  ConsultationsModule,
  ConsultationWorkflowService,
  ENCRYPTED_FIELDS,
  rotateEncryptionKeys,
} from '@app/consultations';
import { DataSource } from 'typeorm';
import { CLI_CONFIG } from './cli.config';
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

/** `npm run keys:rotate` (apps/cli keys-rotate) against consultations written through the service. */
describe('key rotation', () => {
  let database: TestDatabase;
  let db: Client;
  let requester: AuthenticatedActor;
  let investigator: AuthenticatedActor;
  const ids: string[] = [];

  const startService = async (encryptionKeys: string): Promise<INestApplicationContext> => {
    process.env.ENCRYPTION_KEYS = encryptionKeys;
    const app = await NestFactory.createApplicationContext(ConsultationsTestModule, { logger: false });
    await app.init();
    return app;
  };
  const dataSources: DataSource[] = [];
  const dataSourceFor = async (_keys: string) => {
    const dataSource = new DataSource(databaseOptions({ url: database.url, poolSize: 2 }));
    await dataSource.initialize();
    dataSources.push(dataSource);
    return dataSource;
  };
  const closeDataSources = async () => {
    for (const dataSource of dataSources.splice(0)) await dataSource.destroy();
  };
  const rotate = (encryptionKeys: string, args: string[] = []) =>
    keysRotate(validateEnvironment({ ...process.env, ENCRYPTION_KEYS: encryptionKeys }, CLI_CONFIG), args);
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
    // The services never look at the login: any session id will do.
    const sessionId = randomUUID();
    requester = { id: users.rows[0].id, role: Role.Requester, organizationId: org.rows[0].id, sessionId };
    investigator = { id: users.rows[1].id, role: Role.Investigator, organizationId: null, sessionId };

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

  const wrappedKeys = async (): Promise<{ id: string; wrapped: string; keyId: string }[]> =>
    (
      await db.query(
        `SELECT consultation_id::text AS id, wrapped_key AS wrapped, wrapping_key_id AS "keyId"
         FROM consultation_keys ORDER BY consultation_id`,
      )
    ).rows;

  const readBack = async (keys: string) => {
    const app = await startService(keys);
    try {
      const reading = app.get(ConsultationReadingService);
      const read = await reading.get(investigator, ids[0]);
      expect(read.summary).toBe('Rotation case number 0, at home.');
      expect(read.unreadableFields).toBeUndefined();
      expect((await reading.get(investigator, ids[1])).priorityOverride?.reason).toBe(
        'Override reason text.',
      );
      expect((await reading.get(requester, ids[3])).preferredContact.phone).toBe('+46701112233');
      const thread = await app.get(ConsultationMessagesService).listMessages(investigator, ids[0], {});
      expect(thread.items.map((m) => m.body)).toEqual(['Message body text.', 'Reply body text.']);
    } finally {
      await app.close();
    }
  };

  it("encrypts case text with each request's own data key, wrapped by the first key", async () => {
    const values = await encryptedValues();
    expect(values).toHaveLength(7 + 3 + 1 + 1 + 2);
    expect(values.every((v) => v.startsWith('v2.'))).toBe(true);
    const keys = await wrappedKeys();
    expect(keys).toHaveLength(7);
    expect(keys.every((k) => k.keyId === 'old' && k.wrapped.startsWith('v1.old.'))).toBe(true);
  });

  it('rotates by re-wrapping the data keys only, in batches, after which the old key can go', async () => {
    const before = await encryptedValues();
    expect(await rotate(`${NEW},${OLD}`, ['--batch-size=3'])).toBe(0);
    // Not one field was re-encrypted: only the seven wrapped keys changed.
    expect(await encryptedValues()).toEqual(before);
    const keys = await wrappedKeys();
    expect(keys.every((k) => k.keyId === 'new' && k.wrapped.startsWith('v1.new.'))).toBe(true);
    await readBack(NEW);
  });

  it('finds nothing to do when run again', async () => {
    const before = await wrappedKeys();
    expect(await rotate(`${NEW},${OLD}`)).toBe(0);
    expect(await wrappedKeys()).toEqual(before);
  });

  it('moves a database filled before envelope encryption to data keys, resumably', async () => {
    // Rewrite the stored state as the previous release left it: every value under the master key
    // (v1, bound to its row), no key rows.
    const master = new FieldCipher(parseEncryptionKeys(NEW));
    const plain = new Map<string, string>();
    const app = await startService(NEW);
    try {
      const reading = app.get(ConsultationReadingService);
      for (const id of ids) plain.set(id, (await reading.get(investigator, id)).summary as string);
    } finally {
      await app.close();
    }
    await db.query(`DELETE FROM consultation_keys`);
    for (const id of ids) {
      await db.query(`UPDATE consultations SET summary = $2 WHERE id = $1`, [
        id,
        master.encrypt(plain.get(id) as string, { table: 'consultations', column: 'summary', rowId: id }),
      ]);
    }
    const legacy = async (table: string, column: string, text: string, where: string) => {
      const { rows } = await db.query(`SELECT id FROM ${table} WHERE ${where}`);
      for (const row of rows) {
        await db.query(`UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [
          row.id,
          master.encrypt(text, { table, column, rowId: row.id }),
        ]);
      }
    };
    await legacy('consultations', 'contact_phone', '+46701112233', 'contact_phone IS NOT NULL');
    await legacy(
      'consultations',
      'priority_override_reason',
      'Override reason text.',
      'priority_override_reason IS NOT NULL',
    );
    await legacy('consultation_status_changes', 'reason', 'Starting with a reason.', 'reason IS NOT NULL');
    const { rows: messages } = await db.query(`SELECT id FROM consultation_messages ORDER BY created_at, id`);
    for (const [index, row] of messages.entries()) {
      const body = index === 0 ? 'Message body text.' : 'Reply body text.';
      await db.query(`UPDATE consultation_messages SET body = $2 WHERE id = $1`, [
        row.id,
        master.encrypt(body, { table: 'consultation_messages', column: 'body', rowId: row.id }),
      ]);
    }
    expect((await encryptedValues()).every((v) => v.startsWith('v1.new.'))).toBe(true);
    // The old scheme still reads before the move (the service may run during it).
    await readBack(NEW);

    // A move that stops half way (a small batch on one field, as a crash would leave it) ...
    const halfway = await rotateEncryptionKeys(await dataSourceFor(NEW), master, {
      batchSize: 2,
      onBatch: () => {
        throw new Error('stopped');
      },
    }).catch((error: Error) => error);
    expect(halfway).toBeInstanceOf(Error);
    const mixed = await encryptedValues();
    expect(mixed.some((v) => v.startsWith('v2.'))).toBe(true);
    expect(mixed.some((v) => v.startsWith('v1.'))).toBe(true);
    await readBack(NEW);

    // ... is finished by running it again.
    expect(await rotate(NEW, ['--batch-size=2'])).toBe(0);
    expect((await encryptedValues()).every((v) => v.startsWith('v2.'))).toBe(true);
    expect(await wrappedKeys()).toHaveLength(7);
    await readBack(NEW);
    await closeDataSources();
  });

  it('reports a value it cannot decrypt (exit code 1) and still moves the rest', async () => {
    const newest = `newest:${randomBytes(32).toString('base64')}`;
    const master = new FieldCipher(parseEncryptionKeys(NEW));
    // A legacy summary copied into another row no longer decrypts: the binding names the row.
    await db.query(`UPDATE consultations SET summary = $2 WHERE id = $1`, [
      ids[6],
      master.encrypt('x', { table: 'consultations', column: 'summary', rowId: ids[5] }),
    ]);
    expect(await rotate(`${newest},${NEW}`, ['--batch-size=2'])).toBe(1);
    const keys = await wrappedKeys();
    expect(keys.every((k) => k.keyId === 'newest')).toBe(true);
    expect(console.error).toHaveBeenCalledWith(
      expect.stringContaining(`row ${ids[6]}: cannot decrypt (authentication_failed)`),
    );
  });

  it('refuses a bad batch size', async () => {
    expect(await rotate(`${NEW}`, ['--batch-size=0'])).toBe(2);
  });
});
