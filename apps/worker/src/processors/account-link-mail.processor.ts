import { Process, Processor } from '@nestjs/bull';
import { accountLinkJobs } from '@app/identity';
import { MailOutboxService } from '@app/mail';
import { JobPayload, QueueName } from '@app/platform';
import type { Job } from 'bull';

/** mail.account_link → the delivery and mail.send job of an invitation's or reset's mail (MailOutboxService). */
@Processor(QueueName.Mail)
export class AccountLinkMailProcessor {
  constructor(private readonly mail: MailOutboxService) {}

  @Process(accountLinkJobs.mail.name)
  queue(job: Job<JobPayload<typeof accountLinkJobs.mail>>): Promise<boolean> {
    return this.mail.queueForLink(job.data.accountLinkId);
  }
}
