import { Process, Processor } from '@nestjs/bull';
import { consultationJobs } from '@app/consultations';
import { JobPayload, QueueName } from '@app/platform';
import { NotificationsService } from '@app/notifications';
import type { Job } from 'bull';

/** notification.create from other features (e.g. a new message) → notification rows. */
@Processor(QueueName.Notification)
export class NotificationProcessor {
  constructor(private readonly notifications: NotificationsService) {}

  @Process(consultationJobs.notificationCreate.name)
  create(job: Job<JobPayload<typeof consultationJobs.notificationCreate>>): Promise<number> {
    // The job id is the outbox row's deterministic id (e.g. `message-<id>`): the event's identity.
    return this.notifications.createFromEvent(String(job.id), job.data);
  }
}
