import { Injectable } from '@nestjs/common';
import { Tx } from '@app/platform';
import { canonicalBodyAfterTime, CHAIN_VERSION, UntimedFields } from '../chain/canonical-encoding';

export interface AppendedEvent {
  id: string;
  seq: string;
}

/**
 * The hash chain's appends: lock the chain head, stamp the time, compute seq and hash in SQL,
 * insert the event(s), move the head, all in one statement in the caller's transaction. The SQL
 * hash must equal `canonicalBody`'s byte for byte (canonical-encoding.spec.ts and the recorder's
 * integration spec hold them together). Only AuditRecorder calls this; reads are in
 * AuditEventsRepository.
 */
@Injectable()
export class AuditChainRepository {
  async append(tx: Tx, fields: UntimedFields): Promise<AppendedEvent> {
    const { rows } = await tx.query<AppendedEvent>(
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

  /** Several events, in the order given, chained in SQL exactly as `append` does one by one. */
  async appendMany(tx: Tx, all: UntimedFields[]): Promise<AppendedEvent[]> {
    const column = <T>(pick: (f: UntimedFields) => T): T[] => all.map(pick);
    const { rows } = await tx.query<AppendedEvent>(
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
}
