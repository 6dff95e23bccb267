import { Logger } from '@nestjs/common';
import { checkCheckpointSignature, decodeSigningKey, signCheckpoint } from '../chain/checkpoint-signature';
import { AuditTestDb, createAuditTestDb } from '../testing/audit-test-db';
import { verifyStoredChain } from '../verification/verify-stored-chain';
import { AuditCheckpointService } from './audit-checkpoint.service';

const OTHER_KEY_B64 = Buffer.alloc(32, 8).toString('base64');

describe('AuditCheckpointService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  let db: AuditTestDb;
  let service: AuditCheckpointService;
  let key: Buffer;
  const MINUTE = 60_000;

  beforeEach(async () => {
    db = await createAuditTestDb('auditcheckpoint');
    const config = db.config({ AUDIT_CHECKPOINT_EVERY_EVENTS: '10', AUDIT_CHECKPOINT_EVERY_MINUTES: '5' });
    key = decodeSigningKey(config.get('AUDIT_SIGNING_KEY'));
    service = new AuditCheckpointService(db.db, db.events, db.checkpoints, config);
  });
  afterEach(() => db.close());

  it('writes nothing for an empty chain', async () => {
    expect(await service.writeCheckpointIfDue()).toEqual({ written: false, reason: 'empty_chain' });
  });

  it('signs the head as the first checkpoint, with a signature that verifies under AUDIT_SIGNING_KEY', async () => {
    await db.append(3);
    const outcome = await service.writeCheckpointIfDue();
    expect(outcome.written).toBe(true);
    const stored = await db.checkpoints.findLatest(db.db);
    const head = await db.events.readHead(db.db);
    expect(stored).toMatchObject({ seq: 3, headHash: head.hash });
    expect(checkCheckpointSignature(key, stored!)).toBe('valid');
    expect((await verifyStoredChain(db.db, key)).checkpoint).toMatchObject({
      seq: 3,
      status: 'valid',
    });
  });

  it('writes the next one after N events or M minutes, whichever comes first, and never twice for one head', async () => {
    await db.append(3);
    const first = await service.writeCheckpointIfDue();
    const firstAt = first.written ? first.checkpoint.createdAt.getTime() : 0;
    expect(await service.writeCheckpointIfDue(new Date(firstAt + MINUTE))).toEqual({
      written: false,
      reason: 'no_new_events',
    });

    await db.append(9);
    expect(await service.writeCheckpointIfDue(new Date(firstAt + MINUTE))).toEqual({
      written: false,
      reason: 'not_due',
    });
    await db.append(1); // 10 events since the last checkpoint
    expect(await service.writeCheckpointIfDue(new Date(firstAt + MINUTE))).toMatchObject({
      written: true,
      checkpoint: { seq: 13 },
    });

    await db.append(1);
    expect(await service.writeCheckpointIfDue(new Date(firstAt + 2 * MINUTE))).toEqual({
      written: false,
      reason: 'not_due',
    });
    expect(await service.writeCheckpointIfDue(new Date(firstAt + 7 * MINUTE))).toMatchObject({
      written: true,
      checkpoint: { seq: 14 },
    });
  });

  it('refuses to sign a chain that was tampered with since the last checkpoint', async () => {
    await db.append(3);
    await service.writeCheckpointIfDue();
    await db.append(12);
    await db.tamper(`UPDATE audit_events SET action = 'forged' WHERE seq = 8`);
    expect(await service.writeCheckpointIfDue()).toEqual({ written: false, reason: 'chain_invalid' });
    expect((await db.checkpoints.findLatest(db.db))?.seq).toBe(3);
  });

  it('refuses to extend a checkpoint whose signature is forged', async () => {
    await db.append(12);
    const head = await db.events.readHead(db.db);
    const forged = signCheckpoint(Buffer.alloc(32, 1), {
      seq: head.seq,
      headHash: head.hash,
      createdAt: new Date(),
    });
    await db.checkpoints.insert(db.db, { ...forged, keyId: signCheckpoint(key, forged).keyId });
    await db.append(12);
    expect(await service.writeCheckpointIfDue()).toEqual({ written: false, reason: 'checkpoint_forged' });
  });

  it('after a key rotation, verifies from genesis and signs with the new key', async () => {
    await db.append(12);
    await service.writeCheckpointIfDue();
    await db.append(12);
    const rotated = new AuditCheckpointService(
      db.db,
      db.events,
      db.checkpoints,
      db.config({ AUDIT_SIGNING_KEY: OTHER_KEY_B64, AUDIT_CHECKPOINT_EVERY_EVENTS: '10' }),
    );
    const outcome = await rotated.writeCheckpointIfDue();
    expect(outcome).toMatchObject({ written: true, checkpoint: { seq: 24 } });
    expect(
      checkCheckpointSignature(decodeSigningKey(OTHER_KEY_B64), (await db.checkpoints.findLatest(db.db))!),
    ).toBe('valid');
  });

  it('is idempotent when two workers race for the same head', async () => {
    await db.append(12);
    const outcomes = await Promise.all([service.writeCheckpointIfDue(), service.writeCheckpointIfDue()]);
    expect(outcomes.filter((o) => o.written)).toHaveLength(1);
    const { rows } = await db.admin.query(`SELECT count(*)::int AS n FROM audit_checkpoints`);
    expect(rows[0].n).toBe(1);
  });
});
