import { Injectable } from '@nestjs/common';
import { Actor } from '@app/platform';
import { DataSource } from 'typeorm';
import { ChainVerdict } from '../chain/chain-verifier';
import { decodeSigningKey } from '../chain/checkpoint-signature';
import { AuditRecorder } from '../recording/audit-recorder';
import { verifyStoredChain } from './verify-stored-chain';
import { AuditConfig } from '../audit.config';

/**
 * GET /audit-events/verify. A full pass costs seconds at a million events, so concurrent requests
 * share one run in flight instead of each starting another; every request is still audited.
 */
@Injectable()
export class AuditVerificationService {
  private inFlight: Promise<ChainVerdict> | null = null;
  private readonly signingKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: AuditRecorder,
    config: AuditConfig,
  ) {
    this.signingKey = decodeSigningKey(config.get('AUDIT_SIGNING_KEY'));
  }

  async verify(actor: Actor): Promise<ChainVerdict> {
    const verdict = await this.sharedRun();
    await this.dataSource.transaction((manager) =>
      this.recorder.record(manager, {
        action: 'audit.verify',
        resourceType: 'audit_trail',
        actorId: actor.id,
        actorRole: actor.role,
        details: {
          valid: verdict.valid,
          checkedEvents: verdict.checkedEvents,
          firstInvalidSeq: verdict.firstInvalidSeq,
          reason: verdict.reason,
        },
      }),
    );
    return verdict;
  }

  private sharedRun(): Promise<ChainVerdict> {
    if (!this.inFlight) {
      this.inFlight = verifyStoredChain(this.dataSource, this.signingKey).finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }
}
