import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditRecorder } from '@app/audit';
import { AccountLinks, Locale, UserDirectory } from '@app/identity';
import { SYSTEM_AUDIT_ACTOR } from '@app/platform';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MailSettings } from '../mail-settings';
import { mailKindOf } from '../templates/mail-kinds';
import { ACCOUNT_LINK_PATH } from '../templates/account-mail-kinds';
import { renderAccountMail } from '../templates/render-account-mail';
import { renderMail, RenderedMail } from '../templates/render-mail';
import { MailDelivery, MailDeliveryRepository, MailDeliveryStatus } from './mail-delivery.repository';
import { classifySendError, SendFailure, SmtpMailer } from './smtp-mailer';

/**
 * - `sent`: the SMTP server accepted it now. `refused`: a permanent refusal, recorded and audited.
 * - `skipped`: nothing to send (the recipient is gone or inactive, or the kind is no longer mailed).
 * - `already_<status>`: a repeated job for a delivery already final. `gone`: no such delivery
 *   (its notification was purged).
 */
export type DeliveryOutcome = 'sent' | 'refused' | 'skipped' | 'gone' | `already_${MailDeliveryStatus}`;

/** A retryable failure: the job fails and Bull tries again after its backoff. */
export class MailNotSentError extends Error {
  constructor(
    readonly failure: Pick<SendFailure, 'code' | 'smtpCode'>,
    message = `mail not sent (${failure.code}${failure.smtpCode ? ` ${failure.smtpCode}` : ''}); will retry`,
  ) {
    super(message);
  }
}

/**
 * The worker's side of a mail: claim the delivery, render it, send it, record what happened.
 *
 * Exactly once, as far as SMTP allows (docs/mail.md): a delivery is claimed (status `sending`,
 * with a lease) before the send and marked `sent` right after the server's 250. A repeated job
 * finds it final and does nothing; a concurrent one finds the live claim and retries later. A
 * worker that dies while sending leaves a claim that lapses after the lease, and the mail is then
 * sent again: if the death came after the server accepted the mail and before `sent` was
 * written (one UPDATE), the recipient gets it twice, with the same Message-ID.
 */
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger(MailDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: MailSettings,
    private readonly deliveries: MailDeliveryRepository,
    private readonly users: UserDirectory,
    private readonly mailer: SmtpMailer,
    private readonly audit: AuditRecorder,
    private readonly links: AccountLinks,
  ) {}

  /** One attempt. Throws MailNotSentError to be retried; on the `lastAttempt` it abandons the mail instead. */
  async deliver(deliveryId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<DeliveryOutcome> {
    const claim = await this.deliveries.claim(deliveryId, this.settings.leaseMs);
    if (claim.outcome === 'gone') return 'gone';
    if (claim.outcome === 'done') return `already_${claim.status}`;
    if (claim.outcome === 'busy') {
      throw new MailNotSentError(
        { code: 'EBUSY', smtpCode: null },
        'another attempt is sending this mail; will retry',
      );
    }
    const delivery = claim.delivery;
    if (claim.resumed) {
      this.logger.warn(
        { deliveryId, attempt: delivery.attempts },
        'an earlier attempt at this mail died while sending; sending it again (same Message-ID)',
      );
    }
    const contact = await this.users.findMailContact(delivery.recipientId);
    const content = contact?.active ? await this.render(delivery, contact.locale) : { skip: 'NO_RECIPIENT' };
    if (!contact || 'skip' in content) {
      await this.finish(delivery, 'skipped', {
        code: 'skip' in content ? content.skip : 'NO_RECIPIENT',
        smtpCode: null,
      });
      return 'skipped';
    }
    const rendered = content;
    try {
      await this.mailer.send({ ...rendered, to: contact.email, messageId: this.messageId(delivery) });
    } catch (error) {
      const failure = classifySendError(error);
      if (failure.permanent) {
        await this.finish(delivery, 'refused', failure);
        return 'refused';
      }
      if (lastAttempt) {
        await this.finish(delivery, 'abandoned', failure);
        throw new MailNotSentError(
          failure,
          `mail abandoned after ${delivery.attempts} attempts (${failure.code})`,
        );
      }
      await this.deliveries.release(delivery.id, failure);
      throw new MailNotSentError(failure);
    }
    await this.deliveries.markSent(delivery.id);
    return 'sent';
  }

  /**
   * The mail of a delivery, or why there is none: a notification's mail (kind, reference, link to
   * the request) or an account link's (its token put into the link only now, in memory: it is
   * stored nowhere). A link used, replaced or expired meanwhile is not sent (`LINK_CLOSED`).
   */
  private async render(delivery: MailDelivery, locale: Locale): Promise<RenderedMail | { skip: string }> {
    if (delivery.accountLinkId) {
      const link = await this.links.forMail(delivery.accountLinkId);
      if (!link) return { skip: 'LINK_CLOSED' };
      return renderAccountMail(link.purpose, locale, {
        link: this.settings.accountLink(ACCOUNT_LINK_PATH[link.purpose], link.token),
        validMinutes: link.validMinutes,
      });
    }
    const kind = mailKindOf(delivery.kind);
    if (!kind) return { skip: 'UNKNOWN_KIND' };
    if (!delivery.consultationId || !delivery.reference) return { skip: 'NO_RECIPIENT' };
    return renderMail(kind, locale, {
      reference: delivery.reference,
      link: this.settings.consultationLink(delivery.consultationId),
    });
  }

  /** Deliveries per status, except `sent` (GET /stats/queue). */
  countUnsent() {
    return this.deliveries.countUnsent();
  }

  /** Final without a send; refusals and abandonments are audited (codes only: no address, no content). */
  private async finish(
    delivery: MailDelivery,
    status: 'refused' | 'abandoned' | 'skipped',
    failure: Pick<SendFailure, 'code' | 'smtpCode'>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.deliveries.finish(manager, delivery.id, status, failure);
      if (status === 'skipped') return;
      await this.audit.record(manager, {
        action: status === 'refused' ? 'mail.refused' : 'mail.abandoned',
        resourceType: 'mail_delivery',
        resourceId: delivery.id,
        ...SYSTEM_AUDIT_ACTOR,
        details: {
          kind: delivery.kind,
          consultationId: delivery.consultationId,
          recipientId: delivery.recipientId,
          attempts: delivery.attempts,
          errorCode: failure.code,
          smtpCode: failure.smtpCode,
        },
      });
    });
    if (status !== 'skipped') {
      this.logger.warn(
        { deliveryId: delivery.id, status, errorCode: failure.code, smtpCode: failure.smtpCode },
        'mail not delivered',
      );
    }
  }

  /** The same for every attempt at one mail: derived from the notification and the recipient. */
  private messageId(delivery: MailDelivery): string {
    const key = `${delivery.notificationId ?? delivery.id}:${delivery.recipientId}`;
    const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
    return `<${digest}@${this.settings.messageIdDomain}>`;
  }
}
