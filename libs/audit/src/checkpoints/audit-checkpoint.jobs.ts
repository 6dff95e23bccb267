import { defineJob, QueueName } from '@app/platform';

/** The worker's repeatable checkpoint of the audit chain. Its name is persisted in Redis: never rename it. */
export const auditJobs = {
  checkpoint: defineJob<Record<string, never>>(QueueName.Maintenance, 'maintenance.audit_checkpoint'),
};
