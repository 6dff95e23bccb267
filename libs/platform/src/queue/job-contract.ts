import type { JobOptions } from 'bull';
import { QueueName } from './queue-names';

/**
 * One job as its producer and its consumer both know it: the queue it runs on, its name (persisted
 * in Redis and in outbox rows: never rename one), its payload's type, and its retry options when
 * they differ from DEFAULT_JOB_OPTIONS. Each feature defines its own jobs next to their job-id
 * builders; producers enqueue with it (OutboxService), the worker's processors take its name and
 * payload type.
 */
export interface JobContract<P> {
  readonly queue: QueueName;
  readonly name: string;
  /** Added to DEFAULT_JOB_OPTIONS when the relay publishes; the worker hands them to it (OUTBOX_JOB_OPTIONS). */
  readonly options?: JobOptions;
  /** Only carries the payload's type; never set. */
  readonly payloadType?: P;
}

/** The payload type of a job contract. */
export type JobPayload<J> = J extends JobContract<infer P> ? P : never;

export function defineJob<P>(queue: QueueName, name: string, options?: JobOptions): JobContract<P> {
  return options ? { queue, name, options } : { queue, name };
}
