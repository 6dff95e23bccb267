import { Injectable } from '@nestjs/common';
import { MailConfig } from './mail.config';

/**
 * Each SMTP step (connect, greeting, every answer) may take MAIL_SEND_TIMEOUT_MS; a send has at
 * most this many steps, so a claim outlives any attempt still running (docs/mail.md).
 */
const STEPS_PER_SEND = 10;

/** The mail path's settings, read once from the validated configuration. */
@Injectable()
export class MailSettings {
  /** Email is on only when SMTP_URL is set; otherwise nothing is queued. */
  readonly enabled: boolean;
  readonly smtpUrl: string | undefined;
  readonly from: string;
  readonly webBaseUrl: string;
  readonly sendTimeoutMs: number;
  /** How long a worker's claim on a delivery lasts; after it a crashed attempt is sent again. */
  readonly leaseMs: number;
  /** The domain of Message-IDs: the sender's. */
  readonly messageIdDomain: string;
  readonly sweepEverySeconds: number;
  readonly sweepAfterMinutes: number;

  constructor(config: MailConfig) {
    this.smtpUrl = config.get('SMTP_URL');
    this.enabled = Boolean(this.smtpUrl);
    this.from = config.get('MAIL_FROM');
    // Production with email on requires WEB_BASE_URL (validated at boot); elsewhere the local address.
    this.webBaseUrl = config.get('WEB_BASE_URL') ?? `http://localhost:${config.get('PORT')}`;
    this.sendTimeoutMs = config.get('MAIL_SEND_TIMEOUT_MS');
    this.leaseMs = this.sendTimeoutMs * STEPS_PER_SEND;
    this.sweepEverySeconds = config.get('MAIL_SWEEP_EVERY_SECONDS');
    this.sweepAfterMinutes = config.get('MAIL_SWEEP_AFTER_MINUTES');
    this.messageIdDomain = /@([^\s<>@]+?)>?$/.exec(this.from)?.[1] ?? 'localhost';
  }

  /** An invitation's or reset's link: the web app's page with the token in the fragment (never sent to a server). */
  accountLink(path: string, token: string): string {
    return `${this.webBaseUrl}${path}#token=${encodeURIComponent(token)}`;
  }

  /** Where a mail about a request points: the request's page in the web app. */
  consultationLink(consultationId: string): string {
    return `${this.webBaseUrl}/consultations/${encodeURIComponent(consultationId)}`;
  }
}
