import { defineJob, QueueName } from '@app/platform';

/**
 * The job identity publishes: an invitation's or password reset's link, whose mail the worker
 * queues with libs/mail (never the token: docs/accounts.md). Its name is persisted in Redis and
 * outbox rows: never rename it.
 */
export const accountLinkJobs = {
  mail: defineJob<{ accountLinkId: string }>(QueueName.Mail, 'mail.account_link'),
};

/** One mail job per link, whoever publishes it. */
export const accountLinkMailJobId = (accountLinkId: string) => `account-link-${accountLinkId}`;
