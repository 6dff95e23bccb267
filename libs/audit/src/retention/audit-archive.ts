import { Database } from '@app/platform';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ChainVerdict, ChainVerifier } from '../chain/chain-verifier';
import { checkCheckpointSignature, SignedCheckpoint } from '../chain/checkpoint-signature';
import { AuditArchivesRepository } from '../persistence/audit-archives.repository';
import { AuditCheckpointsRepository } from '../persistence/audit-checkpoints.repository';
import { AuditEventsRepository } from '../persistence/audit-events.repository';
import { inReadSnapshot } from '../persistence/read-snapshot';
import { toAuditEventView, toCheckpointView } from '../review/audit-event.view';
import { ndjsonCheckpoint, ndjsonEnd, ndjsonEvent, ndjsonHeader } from '../review/audit-export.format';
import { ExportVerdict, verifyExportFile } from '../verification/verify-export-file';

export type PruneOutcome =
  | { pruned: false; reason: 'nothing_due' }
  | { pruned: false; reason: 'chain_invalid' | 'archive_invalid'; verdict: ChainVerdict }
  | { pruned: false; reason: 'checkpoint_not_ours'; checkpoint: SignedCheckpoint }
  | { pruned: true; throughSeq: number; events: number; sha256: string; file: string };

export interface PruneOptions {
  /** Events stamped before this go (AUDIT_RETENTION_DAYS before now). */
  olderThan: Date;
  /** Where the archive is written; an existing file is never overwritten. */
  file: string;
  /** Write and verify the archive, but remove nothing. */
  dryRun?: boolean;
}

/**
 * Audit retention (docs/audit.md, "Retention of the trail"). Archives the oldest part of the chain
 * and then removes it from the database:
 * 1. picks the latest signed checkpoint on an event older than `olderThan` (a prefix always ends at
 *    a signed checkpoint, so what stays can be verified from it);
 * 2. in one read snapshot, verifies the prefix (from genesis or the previous archive's checkpoint)
 *    while writing it as an NDJSON export: header (with `start` and `archive`), its events, the
 *    checkpoints from its start to its end, the end line;
 * 3. verifies the written file offline, exactly as `npm run audit:verify -- --file` will;
 * 4. records the archive (closing seq, hash, count, the file's SHA-256) and deletes the prefix in
 *    one transaction. Only consult_audit_maintenance may do that step (the trail's trigger); the
 *    Database given must connect as it.
 * Nothing is removed unless the prefix and the file both verify and the closing checkpoint is
 * signed with the current AUDIT_SIGNING_KEY.
 */
export async function archiveAndPrune(
  db: Database,
  signingKey: Buffer,
  options: PruneOptions,
): Promise<PruneOutcome> {
  const archives = new AuditArchivesRepository(db);
  const events = new AuditEventsRepository(db);
  const checkpoints = new AuditCheckpointsRepository(db);

  const written = await inReadSnapshot<PruneOutcome | { closing: SignedCheckpoint; count: number }>(
    db,
    async (manager) => {
      const anchor = await archives.findAnchor(manager);
      const closing = await archives.findClosingCheckpoint(manager, options.olderThan, anchor?.seq ?? 0);
      if (!closing) return { pruned: false, reason: 'nothing_due' } as const;
      if (checkCheckpointSignature(signingKey, closing) !== 'valid')
        return { pruned: false, reason: 'checkpoint_not_ours', checkpoint: closing } as const;

      const verifier = new ChainVerifier({
        anchor,
        checkpoint: closing,
        signingKey,
        expectedHead: { seq: closing.seq, hash: closing.headHash },
      });
      // 'wx': an existing archive is never overwritten (the open fails before anything is written).
      const out = (await open(options.file, 'wx')).createWriteStream({ encoding: 'utf8' });
      const write = async (text: string) => {
        if (!out.write(text)) await once(out, 'drain');
      };
      let count = 0;
      let checkpointCount = 0;
      try {
        await write(
          ndjsonHeader({}, new Date(), {
            ...(anchor ? { start: { seq: anchor.seq, headHash: anchor.headHash } } : {}),
            archive: { throughSeq: closing.seq, olderThan: options.olderThan.toISOString() },
          }),
        );
        for await (const batch of events.streamInChainOrder(manager, {}, undefined, anchor?.seq ?? 0)) {
          for (const event of batch) {
            if (event.seq > closing.seq) break;
            verifier.add(event);
            count += 1;
            await write(ndjsonEvent(toAuditEventView(event)));
          }
          if (batch.length > 0 && batch[batch.length - 1].seq >= closing.seq) break;
        }
        for await (const batch of checkpoints.streamInChainOrder(manager)) {
          for (const checkpoint of batch) {
            if (checkpoint.seq < (anchor?.seq ?? 0) || checkpoint.seq > closing.seq) continue;
            checkpointCount += 1;
            await write(ndjsonCheckpoint(toCheckpointView(checkpoint)));
          }
        }
        await write(ndjsonEnd(count, checkpointCount));
      } finally {
        out.end();
        await once(out, 'close');
      }
      const verdict = verifier.finish();
      if (!verdict.valid) return { pruned: false, reason: 'chain_invalid', verdict } as const;
      return { closing, count } as const;
    },
  );
  if (!('closing' in written)) return written;

  const fileVerdict: ExportVerdict = await verifyExportFile(
    () => createInterface({ input: createReadStream(options.file, 'utf8'), crlfDelay: Infinity }),
    signingKey,
  );
  if (!fileVerdict.valid || !fileVerdict.complete || fileVerdict.headSeq !== written.closing.seq) {
    return { pruned: false, reason: 'archive_invalid', verdict: fileVerdict };
  }
  const sha256 = await fileSha256(options.file);
  if (!options.dryRun) {
    await db.transaction((tx) =>
      archives.recordAndRemove(tx, {
        seq: written.closing.seq,
        headHash: written.closing.headHash,
        events: written.count,
        archiveSha256: sha256,
      }),
    );
  }
  return { pruned: true, throughSeq: written.closing.seq, events: written.count, sha256, file: options.file };
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
