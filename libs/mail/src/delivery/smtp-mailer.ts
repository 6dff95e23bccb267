import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { MailSettings } from '../mail-settings';
import type { RenderedMail } from '../templates/render-mail';

export interface OutgoingMail extends RenderedMail {
  to: string;
  /** Stable per (notification, recipient): a receiving server or client can drop a duplicate. */
  messageId: string;
}

/** Why a send failed, without the message or the address. */
export interface SendFailure {
  /** nodemailer's error code (ECONNECTION, EENVELOPE, ...) or 'EUNKNOWN'. */
  code: string;
  /** The SMTP reply code, when the server answered one. */
  smtpCode: number | null;
  /** The server refused this message for good (a 5xx to the envelope or the data): do not retry. */
  permanent: boolean;
}

/** nodemailer's codes for a refusal of this message (not of the connection, TLS or login). */
const MESSAGE_REFUSALS = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * A 5xx answer to the envelope (MAIL FROM, RCPT TO) or the data is permanent: the same mail will
 * be refused again. Everything else (no connection, timeouts, 4xx, a refused login, which is a
 * configuration problem to fix, not a reason to drop mail) is retried.
 */
export function classifySendError(error: unknown): SendFailure {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const code = typeof e.code === 'string' && /^[A-Z_]{1,40}$/.test(e.code) ? e.code : 'EUNKNOWN';
  const smtpCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const permanent = smtpCode !== null && smtpCode >= 500 && smtpCode < 600 && MESSAGE_REFUSALS.has(code);
  return { code, smtpCode, permanent };
}

/**
 * Sends mail through SMTP_URL with nodemailer, one connection per mail (mails are few: a handful
 * per event), each SMTP step bounded by MAIL_SEND_TIMEOUT_MS.
 */
@Injectable()
export class SmtpMailer implements OnModuleDestroy {
  private transport?: ReturnType<typeof createTransport>;

  constructor(private readonly settings: MailSettings) {}

  /** Resolves when the server accepted the mail; rejects with the SMTP error otherwise. */
  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter().sendMail({
      from: this.settings.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      // Nothing in a mail may point a reader back to a case's content; no tracking, no threading.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  private transporter(): ReturnType<typeof createTransport> {
    if (!this.settings.smtpUrl) throw new Error('email is off (SMTP_URL is not set)');
    this.transport ??= createTransport({
      url: this.settings.smtpUrl,
      connectionTimeout: this.settings.sendTimeoutMs,
      greetingTimeout: this.settings.sendTimeoutMs,
      socketTimeout: this.settings.sendTimeoutMs,
      dnsTimeout: this.settings.sendTimeoutMs,
      // The SMTP conversation could include addresses; never log it.
      logger: false,
      debug: false,
    });
    return this.transport;
  }
}
