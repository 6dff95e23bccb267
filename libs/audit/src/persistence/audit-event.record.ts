import type { ChainEvent } from '../chain/chain-verifier';

export type AuditOutcomeValue = 'success' | 'denied' | 'failure';
export const AUDIT_OUTCOMES: readonly AuditOutcomeValue[] = ['success', 'denied', 'failure'];

/** A stored audit event, as the repositories return it. */
export interface AuditEventRecord extends ChainEvent {
  id: string;
}

/** What GET /audit-events and the exports filter on (api.md "Audit trail"); all optional, ANDed. */
export interface AuditEventFilter {
  actorId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: AuditOutcomeValue;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface ChainHead {
  seq: number;
  hash: string;
}
