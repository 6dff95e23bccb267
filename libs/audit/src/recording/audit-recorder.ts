import { Injectable } from '@nestjs/common';
import { RequestContext, Tx } from '@app/platform';
import { UntimedFields } from '../chain/canonical-encoding';
import { AppendedEvent, AuditChainRepository } from '../persistence/audit-chain.repository';
import { AuditEventInput } from './audit-event';

const MAX_DETAILS_BYTES = 2048;

/**
 * Appends one event to the hash chain in the caller's transaction, in one statement
 * (AuditChainRepository: lock the chain head, stamp the time, compute seq and hash in SQL, insert
 * the event, move the head), from the input and the request context. The
 * head's row lock is held until the caller commits, so appends are serialized and the chain never
 * forks; to keep that window short, record the audit event as the LAST statement of each
 * transaction (docs/audit.md explains the choice and its measured cost).
 *
 * The time is stamped by the database while the lock is held and never goes below the previous
 * event's (`audit_chain_head.last_occurred_at`), so `occurred_at` is non-decreasing in `seq`: a
 * time range is a contiguous seq range, which is what lets every review filter page by seq alone.
 * The hashed body is `["<time>",` + the rest, which JS computed: byte-for-byte `canonicalBody`.
 */
@Injectable()
export class AuditRecorder {
  constructor(
    private readonly context: RequestContext,
    private readonly chain: AuditChainRepository,
  ) {}

  async record(tx: Tx, input: AuditEventInput): Promise<AppendedEvent> {
    return this.chain.append(tx, this.fields(input));
  }

  /**
   * Appends several events, in the order given, in ONE statement: one lock of the chain head, one
   * time stamp for all of them, seqs and hashes chained in SQL exactly as `record` does one by one.
   * For a transaction that changes many records at once (a worker job that handles a batch of
   * requests): it holds the chain lock for one statement and one commit instead of one per event.
   * The same rule applies: make it the LAST statement of the transaction. Every event takes the
   * caller's request context (actor, ip, request id) unless its input overrides the actor.
   */
  async recordMany(tx: Tx, inputs: AuditEventInput[]): Promise<AppendedEvent[]> {
    if (inputs.length === 0) return [];
    return this.chain.appendMany(
      tx,
      inputs.map((input) => this.fields(input)),
    );
  }

  private fields(input: AuditEventInput): UntimedFields {
    const actor = this.context.actor;
    const details = input.details ?? {};
    if (JSON.stringify(details).length > MAX_DETAILS_BYTES) {
      throw new Error(`audit details for ${input.action} exceed ${MAX_DETAILS_BYTES} bytes`);
    }
    return {
      actorId: input.actorId !== undefined ? input.actorId : (actor?.id ?? null),
      actorRole: input.actorRole ?? actor?.role ?? 'anonymous',
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId ?? null,
      outcome: input.outcome ?? 'success',
      ip: this.context.ip ?? null,
      userAgent: this.context.userAgent ?? null,
      requestId: this.context.requestId ?? null,
      details,
    };
  }
}
