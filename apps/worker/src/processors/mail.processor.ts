import { Process, Processor } from '@nestjs/bull';
import { DeliveryOutcome, MailDeliveryService, mailJobs } from '@app/mail';
import { JobPayload, QueueName } from '@app/platform';
import type { Job } from 'bull';

/** A few mails at once: each waits on an SMTP server most of the time. */
const CONCURRENCY = 4;

/** mail.send → one attempt at one mail (MailDeliveryService); a thrown error is retried with backoff. */
@Processor(QueueName.Mail)
export class MailProcessor {
  constructor(private readonly mail: MailDeliveryService) {}

  @Process({ name: mailJobs.send.name, concurrency: CONCURRENCY })
  send(job: Job<JobPayload<typeof mailJobs.send>>): Promise<DeliveryOutcome> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.mail.deliver(job.data.deliveryId, { lastAttempt });
  }
}
