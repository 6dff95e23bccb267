import { Process, Processor } from '@nestjs/bull';
import { MailOutboxService } from '@app/mail';
import { JobName, JobPayloads, QueueName } from '@app/platform';
import type { Job } from 'bull';

/** mail.account_link → the delivery and mail.send job of an invitation's or reset's mail (MailOutboxService). */
@Processor(QueueName.Mail)
export class AccountLinkMailProcessor {
  constructor(private readonly mail: MailOutboxService) {}

  @Process(JobName.AccountLinkMail)
  queue(job: Job<JobPayloads[JobName.AccountLinkMail]>): Promise<boolean> {
    return this.mail.queueForLink(job.data.accountLinkId);
  }
}
