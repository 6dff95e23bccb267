import { Injectable } from '@nestjs/common';
import { RequestContext } from '@app/platform';
import { EntityManager } from 'typeorm';
import { canonicalBodyAfterTime, CHAIN_VERSION, UntimedFields } from '../chain/canonical-encoding';
import { AuditEventInput } from './audit-event';

const MAX_DETAILS_BYTES = 2048;

/**
 * Appends one event to the hash chain in the caller's transaction, in one statement: lock the
 * chain head, stamp the time, compute seq and hash in SQL, insert the event, move the head. The
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
  constructor(private readonly context: RequestContext) {}

  async record(manager: EntityManager, input: AuditEventInput): Promise<{ id: string; seq: string }> {
    const fields = this.fields(input);
    const rows: { id: string; seq: string }[] = await manager.query(
      `WITH head AS (
         SELECT seq + 1 AS seq, hash AS prev_hash,
                GREATEST(date_trunc('milliseconds', clock_timestamp()), last_occurred_at) AS occurred_at
         FROM audit_chain_head WHERE id = 1 FOR UPDATE
       ), ev AS (
         SELECT seq, prev_hash, occurred_at,
                encode(sha256(convert_to(
                  $1 || '|' || seq || '|' || prev_hash || '|["'
                     || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '",' || $2,
                  'UTF8')), 'hex') AS hash
         FROM head
       ), moved AS (
         UPDATE audit_chain_head h SET seq = ev.seq, hash = ev.hash, last_occurred_at = ev.occurred_at
         FROM ev WHERE h.id = 1
       )
       INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, resource_type, resource_id,
                                 outcome, ip, user_agent, request_id, details, prev_hash, hash)
       SELECT ev.seq, ev.occurred_at, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ev.prev_hash, ev.hash FROM ev
       RETURNING id, seq`,
      [
        CHAIN_VERSION,
        canonicalBodyAfterTime(fields),
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
