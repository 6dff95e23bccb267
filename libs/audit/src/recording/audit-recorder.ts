import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/platform';
import { EntityManager } from 'typeorm';
import { canonicalBody, ChainedFields, CHAIN_VERSION } from '../chain/canonical-encoding';
import { AuditEventInput } from './audit-event';

const MAX_DETAILS_BYTES = 2048;

/**
 * Appends one event to the hash chain in the caller's transaction, in one statement: lock the
 * chain head, compute seq and hash in SQL, insert the event, move the head. The head's row lock
 * is held until the caller commits, so appends are serialized and the chain never forks; to keep
 * that window short, record the audit event as the LAST statement of each transaction
 * (docs/audit.md explains the choice and its measured cost).
 */
@Injectable()
export class AuditRecorder {
  constructor(private readonly context: RequestContext) {}

  async record(manager: EntityManager, input: AuditEventInput): Promise<{ id: string; seq: string }> {
    const fields = this.fields(input);
    const body = canonicalBody(fields);
    const rows: { id: string; seq: string }[] = await manager.query(
      `WITH head AS (
         SELECT seq + 1 AS seq, hash AS prev_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE
       ), ev AS (
         SELECT seq, prev_hash,
                encode(sha256(convert_to($1 || '|' || seq || '|' || prev_hash || '|' || $2, 'UTF8')), 'hex') AS hash
         FROM head
       ), moved AS (
         UPDATE audit_chain_head h SET seq = ev.seq, hash = ev.hash FROM ev WHERE h.id = 1
       )
       INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, resource_type, resource_id,
                                 outcome, ip, user_agent, request_id, details, prev_hash, hash)
       SELECT ev.seq, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ev.prev_hash, ev.hash FROM ev
       RETURNING id, seq`,
      [
        CHAIN_VERSION,
        body,
        fields.occurredAt,
        fields.actorId,
        fields.actorRole,
        fields.action,
        fields.resourceType,
        fields.resourceId,
        fields.outcome,
        fields.ip,
        fields.userAgent,
        fields.requestId,
        JSON.stringify(fields.details),
      ],
    );
    return rows[0];
  }

  private fields(input: AuditEventInput): ChainedFields {
    const actor = this.context.actor;
    const details = input.details ?? {};
    if (JSON.stringify(details).length > MAX_DETAILS_BYTES) {
      throw new Error(`audit details for ${input.action} exceed ${MAX_DETAILS_BYTES} bytes`);
    }
    return {
      // Millisecond precision, so the stored timestamptz reads back to the same ISO string.
      occurredAt: new Date(),
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
