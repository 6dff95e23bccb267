import { Injectable } from '@nestjs/common';
import { AccountLinks } from '@app/identity';
import { Database, OutboxService, Tx } from '@app/platform';
import { mailJobs } from '../mail.jobs';
import { MailSettings } from '../mail-settings';
import { ACCOUNT_MAIL_KIND } from '../templates/account-mail-kinds';
import { mailKindOf } from '../templates/mail-kinds';
import { MailableNotification, MailDeliveryRepository } from './mail-delivery.repository';

/** The Bull job id of a notification's mail: one job per (notification, recipient), whoever publishes it. */
export function mailJobId(notificationOrDeliveryId: string): string {
  return `mail-${notificationOrDeliveryId}`;
}

/**
 * A sweep's republish of a mail (MailSweepService): the id varies per sweep period, since Bull
 * keeps the first job (completed or failed) and would swallow a republish under the same id.
 */
export function sweptMailJobId(key: string, sweep: number): string {
  return `mail-${key}-sweep-${sweep}`;
}

/**
 * Queues the mails of new notifications in the transaction that creates them: a delivery row and
 * an outbox job per notification whose type is mailed and whose recipient has not turned that
 * kind off. Email off (no SMTP_URL): nothing at all.
 */
@Injectable()
export class MailOutboxService {
  constructor(
    private readonly db: Database,
    private readonly settings: MailSettings,
    private readonly deliveries: MailDeliveryRepository,
    private readonly outbox: OutboxService,
    private readonly links: AccountLinks,
  ) {}

  /**
   * The worker's side of `mail.account_link`: the delivery of an invitation's or reset's mail and
   * its `mail.send` job, once per link. A link no longer open (used, replaced, expired) gets no
   * mail. The delivery row names the link, never its token (docs/accounts.md). Gives whether a mail
   * was queued now.
   */
  async queueForLink(accountLinkId: string): Promise<boolean> {
    if (!this.settings.enabled) return false;
    const link = await this.links.forMail(accountLinkId);
    if (!link) return false;
    return this.db.transaction(async (tx) => {
      const deliveryId = await this.deliveries.insertForLink(tx, {
        accountLinkId,
        recipientId: link.userId,
        kind: ACCOUNT_MAIL_KIND[link.purpose],
      });
      if (!deliveryId) return false;
      await this.outbox.enqueue(tx, {
        job: mailJobs.send,
        payload: { deliveryId },
        jobId: mailJobId(deliveryId),
      });
      return true;
    });
  }

  /** `type` is the notifications' type; each notification has one recipient. Gives how many mails were queued. */
  async queueForNotifications(
    tx: Tx,
    type: string,
    notifications: readonly MailableNotification[],
  ): Promise<number> {
    if (!this.settings.enabled || notifications.length === 0) return 0;
    const kind = mailKindOf(type);
    if (!kind) return 0;
    const queued = await this.deliveries.insertForNotifications(tx, type, kind.preference, notifications);
    await this.outbox.enqueueMany(
      tx,
      queued.map((delivery) => ({
        job: mailJobs.send,
        payload: { deliveryId: delivery.id },
        jobId: mailJobId(delivery.notificationId),
      })),
    );
    return queued.length;
  }
}
