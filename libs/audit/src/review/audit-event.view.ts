import type { ChainedFields } from '../chain/canonical-encoding';
import type { SignedCheckpoint } from '../chain/checkpoint-signature';
import type { AuditEventRecord } from '../persistence/audit-event.record';

/**
 * api.md `auditEvent`: the hashed fields (ChainedFields, `userAgent` included so an export can be
 * re-verified offline) with `occurredAt` as ISO text, plus the event's place in the chain.
 */
export interface AuditEventView extends Omit<ChainedFields, 'occurredAt'> {
  id: string;
  seq: number;
  occurredAt: string;
  hash: string;
  prevHash: string;
}

/** api.md checkpoint: `{ seq, headHash, createdAt, signature, keyId }`. */
export interface AuditCheckpointView {
  seq: number;
  headHash: string;
  createdAt: string;
  signature: string;
  keyId: string;
}

export function toAuditEventView(e: AuditEventRecord): AuditEventView {
  return {
    id: e.id,
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    outcome: e.outcome,
    ip: e.ip,
    userAgent: e.userAgent,
    requestId: e.requestId,
    details: e.details,
    hash: e.hash,
    prevHash: e.prevHash,
  };
}

export function toCheckpointView(c: SignedCheckpoint): AuditCheckpointView {
  return {
    seq: c.seq,
    headHash: c.headHash,
    createdAt: c.createdAt.toISOString(),
    signature: c.signature,
    keyId: c.keyId,
  };
}
