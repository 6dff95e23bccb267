import { Database } from '@app/platform';
import { ChainVerdict, ChainVerifier } from '../chain/chain-verifier';
import { AuditArchivesRepository } from '../persistence/audit-archives.repository';
import { AuditCheckpointsRepository } from '../persistence/audit-checkpoints.repository';
import { AuditEventsRepository } from '../persistence/audit-events.repository';
import { inReadSnapshot } from '../persistence/read-snapshot';

export interface StoredChainOptions {
  batchSize?: number;
}

/**
 * Verifies the whole stored chain in one read snapshot: the head row, the latest checkpoint and
 * every event agree with each other even while writers append. Events stream through a
 * server-side cursor into the O(1) ChainVerifier, so memory stays flat for any chain length.
 * Used by GET /audit-events/verify and by `npm run audit:verify` (no Nest needed).
 */
export async function verifyStoredChain(
  db: Database,
  signingKey: Buffer | null,
  options: StoredChainOptions = {},
): Promise<ChainVerdict> {
  const events = new AuditEventsRepository(db);
  const checkpoints = new AuditCheckpointsRepository(db);
  return inReadSnapshot(db, async (manager) => {
    const expectedHead = await events.readHead(manager);
    const checkpoint = await checkpoints.findLatest(manager);
    // After an archived prefix was removed, the chain starts from the checkpoint that closed it.
    const anchor = await new AuditArchivesRepository(db).findAnchor(manager);
    const verifier = new ChainVerifier({ expectedHead, checkpoint, signingKey, anchor });
    for await (const batch of events.streamInChainOrder(manager, {}, options.batchSize)) {
      for (const event of batch) verifier.add(event);
    }
    return verifier.finish();
  });
}
