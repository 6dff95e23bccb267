import { Process, Processor } from '@nestjs/bull';
import { JobName, JobPayloads, QueueName } from '@app/platform';
import { NotificationsService } from '@app/notifications';
import type { Job } from 'bull';

/** notification.create from other features (e.g. a new message) → notification rows. */
@Processor(QueueName.Notification)
export class NotificationProcessor {
  constructor(private readonly notifications: NotificationsService) {}

  @Process(JobName.NotificationCreate)
  create(job: Job<JobPayloads[JobName.NotificationCreate]>): Promise<number> {
    // The job id is the outbox row's deterministic id (e.g. `message-<id>`): the event's identity.
    return this.notifications.createFromEvent(String(job.id), job.data);
  }
}
