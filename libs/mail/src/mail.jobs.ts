import { defineJob, QueueName } from '@app/platform';

/**
 * The jobs mail publishes (their ids: `mailJobId`, `sweptMailJobId`). Names are persisted in Redis
 * and outbox rows: never rename one.
 */
export const mailJobs = {
  /**
   * One mail delivery to send. A mail rides out an SMTP outage of hours: exponential backoff from
   * 1 s over 14 attempts is about 4.5 hours in all (the last wait about 2.3 hours).
   */
  send: defineJob<{ deliveryId: string }>(QueueName.Mail, 'mail.send', {
    attempts: 14,
    backoff: { type: 'exponential', delay: 1000 },
  }),
  /** The worker's repeatable sweep, which republishes the mails Redis lost. */
  sweep: defineJob<Record<string, never>>(QueueName.Mail, 'mail.sweep'),
};
