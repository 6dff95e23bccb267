import type { JobOptions } from 'bull';

/**
 * The retry policy of every job, in one place. Failed jobs are kept (removeOnFail: false) so they
 * stay visible and counted; completed ones are kept a day so a republish with the same jobId
 * deduplicates instead of running again.
 */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50000 },
  removeOnFail: false,
};
