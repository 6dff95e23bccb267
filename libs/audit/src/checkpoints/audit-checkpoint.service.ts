import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GENESIS_HASH } from '../chain/canonical-encoding';
import { ChainVerifier } from '../chain/chain-verifier';
import {
  checkCheckpointSignature,
  decodeSigningKey,
  SignedCheckpoint,
  signCheckpoint,
} from '../chain/checkpoint-signature';
import { AuditArchivesRepository } from '../persistence/audit-archives.repository';
import { AuditCheckpointsRepository } from '../persistence/audit-checkpoints.repository';
import { AuditEventsRepository } from '../persistence/audit-events.repository';
import { inReadSnapshot } from '../persistence/read-snapshot';
import { AuditConfig } from '../audit.config';

export type CheckpointOutcome =
  | { written: true; checkpoint: SignedCheckpoint }
  | {
      written: false;
      reason:
        | 'empty_chain'
        | 'no_new_events'
        | 'not_due'
        | 'chain_invalid'
        | 'checkpoint_forged'
        | 'already_written';
    };

/**
 * Writes a signed checkpoint (seq, head hash, time; HMAC-SHA256 with AUDIT_SIGNING_KEY, which only
 * the processes hold, never the database) once N events or M minutes have passed since the last
 * one. Before signing it verifies the events since the last valid checkpoint, so a checkpoint never
 * vouches for a chain that was already broken; a broken chain or a forged checkpoint is logged as
 * an error and nothing is signed until a person has looked.
 */
@Injectable()
export class AuditCheckpointService {
  private readonly logger = new Logger(AuditCheckpointService.name);
  private readonly signingKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: AuditEventsRepository,
    private readonly checkpoints: AuditCheckpointsRepository,
    private readonly config: AuditConfig,
  ) {
    this.signingKey = decodeSigningKey(config.get('AUDIT_SIGNING_KEY'));
  }

  async writeCheckpointIfDue(now: Date = new Date()): Promise<CheckpointOutcome> {
    const everyEvents = this.config.get('AUDIT_CHECKPOINT_EVERY_EVENTS');
    const everyMs = this.config.get('AUDIT_CHECKPOINT_EVERY_MINUTES') * 60_000;
    const decision = await inReadSnapshot(this.dataSource, async (manager) => {
      const head = await this.events.readHead(manager);
      const latest = await this.checkpoints.findLatest(manager);
      if (head.seq === 0) return { written: false, reason: 'empty_chain' } as const;
      if (latest && head.seq <= latest.seq) return { written: false, reason: 'no_new_events' } as const;
      const due =
        !latest ||
        head.seq - latest.seq >= everyEvents ||
        now.getTime() - latest.createdAt.getTime() >= everyMs;
      if (!due) return { written: false, reason: 'not_due' } as const;

      // Extend from the latest checkpoint when it is ours and genuine; after a key rotation, from genesis.
      const signature = latest ? checkCheckpointSignature(this.signingKey, latest) : 'unknown_key';
      if (latest && signature === 'invalid')
        return { written: false, reason: 'checkpoint_forged', latest } as const;
      // Genesis, or the checkpoint that closed the last archived and removed prefix.
      const anchor = await new AuditArchivesRepository(this.dataSource).findAnchor(manager);
      const start =
        latest && signature === 'valid'
          ? { seq: latest.seq, hash: latest.headHash }
          : { seq: anchor?.seq ?? 0, hash: anchor?.headHash ?? GENESIS_HASH };
      const verifier = new ChainVerifier({ start, expectedHead: head });
      for await (const batch of this.events.streamInChainOrder(manager, {}, undefined, start.seq)) {
        for (const event of batch) verifier.add(event);
      }
      const verdict = verifier.finish();
      if (!verdict.valid) return { written: false, reason: 'chain_invalid', verdict } as const;
      return { written: true, head } as const;
    });

    if (!decision.written) {
      if (decision.reason === 'chain_invalid') {
        const { firstInvalidSeq, reason } = decision.verdict;
        this.logger.error({ firstInvalidSeq, reason }, 'audit chain is invalid; no checkpoint signed');
      } else if (decision.reason === 'checkpoint_forged') {
        this.logger.error(
          { seq: decision.latest.seq },
          'latest audit checkpoint has an invalid signature; no checkpoint signed',
        );
      }
      return { written: false, reason: decision.reason };
    }
    const checkpoint = signCheckpoint(this.signingKey, {
      seq: decision.head.seq,
      headHash: decision.head.hash,
      createdAt: new Date(now.getTime()),
    });
    const inserted = await this.checkpoints.insert(checkpoint);
    if (!inserted) return { written: false, reason: 'already_written' };
    this.logger.log({ seq: checkpoint.seq, keyId: checkpoint.keyId }, 'audit checkpoint written');
    return { written: true, checkpoint };
  }
}
