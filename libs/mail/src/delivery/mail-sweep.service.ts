import { Injectable, Logger } from '@nestjs/common';
import { Database, OutboxService } from '@app/platform';
import { mailJobs } from '../mail.jobs';
import { MailSettings } from '../mail-settings';
import { MailDeliveryRepository } from './mail-delivery.repository';
import { sweptMailJobId } from './mail-outbox.service';

const SWEEP_BATCH = 500;

/**
 * Nothing lost: a mail still unsent MAIL_SWEEP_AFTER_MINUTES after any attempt touched it (its job
 * lost with a Redis without persistence, failed by Bull after stalling twice, or waiting in a
 * backoff longer than that) is published to the mail queue again through the outbox. The delivery's
 * claim keeps two jobs of one mail from sending it twice, and a job finds a sent mail final.
 */
@Injectable()
export class MailSweepService {
  private readonly logger = new Logger(MailSweepService.name);

  constructor(
    private readonly db: Database,
    private readonly settings: MailSettings,
    private readonly deliveries: MailDeliveryRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** One sweep; returns how many mails were published again. */
  async sweep(now = new Date()): Promise<number> {
    const sweep = Math.floor(now.getTime() / (this.settings.sweepEverySeconds * 1000));
    const stale = await this.db.transaction(async (tx) => {
      const rows = await this.deliveries.takeStale(tx, this.settings.sweepAfterMinutes, SWEEP_BATCH);
      await this.outbox.enqueueMany(
        tx,
        rows.map((row) => ({
          job: mailJobs.send,
          payload: { deliveryId: row.id },
          jobId: sweptMailJobId(row.notificationId ?? row.id, sweep),
        })),
      );
      return rows.length;
    });
    if (stale > 0) this.logger.warn({ count: stale, sweep }, 'unsent mails were published again');
    return stale;
  }
}
