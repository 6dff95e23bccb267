import { Injectable } from '@nestjs/common';
import { RequestContext, SqlRunner } from '@app/platform';
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

  async record(manager: SqlRunner, input: AuditEventInput): Promise<{ id: string; seq: string }> {
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

  /**
   * Appends several events, in the order given, in ONE statement: one lock of the chain head, one
   * time stamp for all of them, seqs and hashes chained in SQL exactly as `record` does one by one.
   * For a transaction that changes many records at once (a worker job that handles a batch of
   * requests): it holds the chain lock for one statement and one commit instead of one per event.
   * The same rule applies: make it the LAST statement of the transaction. Every event takes the
   * caller's request context (actor, ip, request id) unless its input overrides the actor.
   */
  async recordMany(
    manager: EntityManager,
    inputs: AuditEventInput[],
  ): Promise<{ id: string; seq: string }[]> {
    if (inputs.length === 0) return [];
    const all = inputs.map((input) => this.fields(input));
    const column = <T>(pick: (f: UntimedFields) => T): T[] => all.map(pick);
    const rows: { id: string; seq: string }[] = await manager.query(
      `WITH RECURSIVE head AS (
         SELECT seq, hash, GREATEST(date_trunc('milliseconds', clock_timestamp()), last_occurred_at) AS occurred_at
         FROM audit_chain_head WHERE id = 1 FOR UPDATE
       ), stamped AS (
         SELECT seq, hash, occurred_at,
                to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM head
       ), input AS (
         SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                              $9::text[], $10::text[], $11::text[], $12::text[])
           WITH ORDINALITY AS i(body, actor_id, actor_role, action, resource_type, resource_id, outcome, ip,
                                user_agent, request_id, details, n)
       ), chain (n, seq, prev_hash, hash) AS (
         SELECT 0::bigint, seq, NULL::text, hash FROM stamped
         UNION ALL
         SELECT i.n, c.seq + 1, c.hash,
                encode(sha256(convert_to(
                  $1 || '|' || (c.seq + 1) || '|' || c.hash || '|["' || s.at || '",' || i.body,
                  'UTF8')), 'hex')
         FROM chain c JOIN input i ON i.n = c.n + 1 CROSS JOIN stamped s
       ), moved AS (
         UPDATE audit_chain_head h SET seq = last.seq, hash = last.hash, last_occurred_at = last.occurred_at
         FROM (SELECT c.seq, c.hash, s.occurred_at FROM chain c CROSS JOIN stamped s ORDER BY c.n DESC LIMIT 1) last
         WHERE h.id = 1
       )
       INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, resource_type, resource_id,
                                 outcome, ip, user_agent, request_id, details, prev_hash, hash)
       SELECT c.seq, s.occurred_at, i.actor_id, i.actor_role, i.action, i.resource_type, i.resource_id, i.outcome,
              i.ip, i.user_agent, i.request_id, i.details::jsonb, c.prev_hash, c.hash
       FROM chain c JOIN input i ON i.n = c.n CROSS JOIN stamped s
       ORDER BY c.n
       RETURNING id, seq`,
      [
        CHAIN_VERSION,
        all.map((f) => canonicalBodyAfterTime(f)),
        column((f) => f.actorId),
        column((f) => f.actorRole),
        column((f) => f.action),
        column((f) => f.resourceType),
        column((f) => f.resourceId),
        column((f) => f.outcome),
        column((f) => f.ip),
        column((f) => f.userAgent),
        column((f) => f.requestId),
        column((f) => JSON.stringify(f.details)),
      ],
    );
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq));
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
