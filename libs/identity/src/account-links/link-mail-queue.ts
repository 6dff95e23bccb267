import { Injectable } from '@nestjs/common';
import { AppConfig, OutboxService, Tx } from '@app/platform';
import { accountLinkJobs, accountLinkMailJobId } from './account-link.jobs';

/**
 * Queues the mail of a new link in the transaction that creates it: an outbox job naming the link
 * (never its token), which the worker turns into a mail delivery (libs/mail, queueForLink). The
 * identity lib cannot call libs/mail (the arrows point the other way), so the job is the hand-over.
 * Email off (no SMTP_URL): nothing is queued, as for every other mail.
 */
@Injectable()
export class LinkMailQueue {
  private readonly emailOn: boolean;

  constructor(
    private readonly outbox: OutboxService,
    config: AppConfig,
  ) {
    this.emailOn = Boolean(config.get('SMTP_URL'));
  }

  /** Whether a mail was queued (false: email is off). */
  async queue(tx: Tx, accountLinkId: string): Promise<boolean> {
    if (!this.emailOn) return false;
    await this.outbox.enqueue(tx, {
      job: accountLinkJobs.mail,
      payload: { accountLinkId },
      jobId: accountLinkMailJobId(accountLinkId),
    });
    return true;
  }
}
