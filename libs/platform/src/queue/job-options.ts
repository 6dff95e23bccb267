import type { JobOptions } from 'bull';
import type { JobContract } from './job-contract';

/**
 * The retry policy of every job unless its contract says otherwise. Failed jobs are kept
 * (removeOnFail: false) so they stay visible and counted; completed ones are kept a day so a
 * republish with the same jobId deduplicates instead of running again.
 */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50000 },
  removeOnFail: false,
};

/**
 * The injection token of the retry options the outbox relay adds when it publishes, by job name
 * (the worker provides them from the job contracts: `jobOptionsByName`). Outbox rows carry only
 * the job's name, so the relay cannot read them from the contract itself.
 */
export const OUTBOX_JOB_OPTIONS = Symbol('OUTBOX_JOB_OPTIONS');

export type JobOptionsByName = Readonly<Record<string, JobOptions>>;

/** The options of those of `jobs` whose retry policy differs from the default, by job name. */
export function jobOptionsByName(jobs: readonly JobContract<unknown>[]): JobOptionsByName {
  return Object.fromEntries(jobs.flatMap((job) => (job.options ? [[job.name, job.options]] : [])));
}
