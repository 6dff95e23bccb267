import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx';
import { NewOutboxRow, OutboxRepository } from './outbox.repository';
import type { JobContract } from '../queue/job-contract';

/** One job to publish: its contract (queue, name, payload type) and payload. */
export interface OutboxMessage<P = unknown> {
  job: JobContract<P>;
  payload: NoInfer<P>;
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
  constructor(private readonly outbox: OutboxRepository) {}

  async enqueue<P>(tx: Tx, message: OutboxMessage<P>): Promise<void> {
    await this.outbox.insert(tx, row(message));
  }

  /** Several jobs in one statement (one round trip), in the caller's transaction. */
  async enqueueMany<P>(tx: Tx, messages: OutboxMessage<P>[]): Promise<void> {
    await this.outbox.insertMany(tx, messages.map(row));
  }
}

function row<P>(message: OutboxMessage<P>): NewOutboxRow {
  return {
    queue: message.job.queue,
    jobName: message.job.name,
    jobId: message.jobId ?? null,
    payload: message.payload,
    runAt: message.runAt ?? null,
  };
}
