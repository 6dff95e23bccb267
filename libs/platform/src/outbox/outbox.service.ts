import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx';
import { NewOutboxRow, OutboxRepository } from './outbox.repository';
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
  constructor(private readonly outbox: OutboxRepository) {}

  async enqueue<N extends JobName>(tx: Tx, message: OutboxMessage<N>): Promise<void> {
    await this.outbox.insert(tx, row(message));
  }

  /** Several jobs in one statement (one round trip), in the caller's transaction. */
  async enqueueMany(tx: Tx, messages: OutboxMessage<JobName>[]): Promise<void> {
    await this.outbox.insertMany(tx, messages.map(row));
  }
}

function row(message: OutboxMessage<JobName>): NewOutboxRow {
  return {
    queue: JOB_QUEUE[message.name],
    jobName: message.name,
    jobId: message.jobId ?? null,
    payload: message.payload,
    runAt: message.runAt ?? null,
  };
}
