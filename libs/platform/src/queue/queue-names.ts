/**
 * The queues Bull runs. Queue names, and the job names each feature's job contract holds
 * (`defineJob`), are persisted in Redis and in outbox rows: never rename one without a migration
 * plan (docs/style.md habit 6).
 */
export enum QueueName {
  Triage = 'triage',
  Escalation = 'escalation',
  Notification = 'notification',
  Maintenance = 'maintenance',
  Mail = 'mail',
}
