import { defineJob } from './job-contract';
import { QueueName } from './queue-names';

/** Platform's own repeatable jobs: the worker's housekeeping of the outbox, idempotency keys and failed jobs. */
export const housekeepingJobs = {
  outboxCleanup: defineJob<Record<string, never>>(QueueName.Maintenance, 'maintenance.outbox_cleanup'),
  idempotencyKeyPurge: defineJob<Record<string, never>>(
    QueueName.Maintenance,
    'maintenance.idempotency_key_purge',
  ),
  failedMaintenanceCleanup: defineJob<Record<string, never>>(
    QueueName.Maintenance,
    'maintenance.failed_cleanup',
  ),
};
