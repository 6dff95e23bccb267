import type { JobOptions } from 'bull';
import { JobName } from './queue-names';

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

/**
 * Jobs whose retry policy differs from the default; the outbox relay adds these options when it
 * publishes. A mail rides out an SMTP outage of hours: exponential backoff from 1 s over 14
 * attempts is about 4.5 hours in all (the last wait about 2.3 hours).
 */
export const JOB_OPTIONS: Partial<Record<JobName, JobOptions>> = {
  [JobName.MailSend]: { attempts: 14, backoff: { type: 'exponential', delay: 1000 } },
};
