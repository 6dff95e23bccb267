import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { SqlRunner } from '../database/direct-sql';
import { JOB_QUEUE, JobName, JobPayloads } from '../queue/queue-names';

export interface OutboxMessage<N extends JobName> {
  name: N;
  payload: JobPayloads[N];
  /** Deterministic id: a second publish of the same logical job deduplicates in Bull. */
  jobId?: string;
  /** Not before this time (delayed jobs such as SLA escalation). */
  runAt?: Date;
}

/**
 * Writes jobs into the outbox inside the caller's transaction; the relay publishes them to Bull
 * after commit, so a rolled-back change never publishes and a committed one is never lost.
 */
@Injectable()
export class OutboxService {
  async enqueue<N extends JobName>(manager: SqlRunner, message: OutboxMessage<N>): Promise<void> {
    await manager.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
       VALUES ($1, $2, COALESCE($3, gen_random_uuid()::text), $4, COALESCE($5, now()))`,
      [
        JOB_QUEUE[message.name],
        message.name,
        message.jobId ?? null,
        JSON.stringify(message.payload),
        message.runAt ?? null,
      ],
    );
  }

  /** Several jobs in one statement (one round trip), in the caller's transaction. */
  async enqueueMany(manager: EntityManager, messages: OutboxMessage<JobName>[]): Promise<void> {
    if (messages.length === 0) return;
    await manager.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, run_at)
       SELECT q, n, COALESCE(j, gen_random_uuid()::text), p::jsonb, COALESCE(r, now())
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS m(q, n, j, p, r)`,
      [
        messages.map((m) => JOB_QUEUE[m.name]),
        messages.map((m) => m.name),
        messages.map((m) => m.jobId ?? null),
        messages.map((m) => JSON.stringify(m.payload)),
        messages.map((m) => m.runAt ?? null),
      ],
    );
  }
}
