import { AuditRecorder, checkCheckpointSignature, decodeSigningKey } from '@app/audit';
import { AuditConfig } from '@app/audit';
import { DataSource } from 'typeorm';
import { createE2eContext, E2eContext } from './support/e2e-context';

async function waitFor<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The worker signs checkpoints on its own, on the schedule the environment sets. */
describe('Audit checkpoints written by the worker', () => {
  let ctx: E2eContext;

  beforeAll(async () => {
    ctx = await createE2eContext('auditcpworker', {
      worker: true,
      env: { AUDIT_CHECKPOINT_EVERY_EVENTS: '5', AUDIT_CHECKPOINT_EVERY_MINUTES: '60', AUDIT_CHECKPOINT_POLL_SECONDS: '1' },
    });
  });
  afterAll(() => ctx.close());

  const append = async (count: number) => {
    const recorder = ctx.app.get(AuditRecorder);
    for (let i = 0; i < count; i++) {
      await ctx.app.get(DataSource).transaction((m) => recorder.record(m, { action: 'consultation.read', resourceType: 'consultation', actorRole: 'system' }));
    }
  };
  const latest = async () => (await ctx.db.query(`SELECT seq::int AS seq, head_hash, created_at, signature, key_id FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`)).rows[0];

  it('signs the first checkpoint, then another after N more events, each matching the chain and signed with AUDIT_SIGNING_KEY', async () => {
    await append(2);
    const first = await waitFor(latest);
    const head = (await ctx.db.query(`SELECT hash FROM audit_events WHERE seq = $1`, [first.seq])).rows[0];
    expect(first.head_hash).toBe(head.hash);

    await append(6);
    const second = await waitFor(async () => {
      const cp = await latest();
      return cp.seq >= first.seq + 5 ? cp : null;
    });
    const key = decodeSigningKey(ctx.app.get(AuditConfig).get('AUDIT_SIGNING_KEY'));
    expect(
      checkCheckpointSignature(key, { seq: second.seq, headHash: second.head_hash, createdAt: second.created_at, signature: second.signature, keyId: second.key_id }),
    ).toBe('valid');
  });

  it('does not sign again while fewer than N events were appended and M minutes have not passed', async () => {
    const before = await latest();
    await append(1);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await latest()).seq).toBe(before.seq);
  });
});
