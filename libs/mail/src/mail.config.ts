import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ConfigSchema } from '@app/platform';

/** Email's environment variables (docs/mail.md). SMTP_URL unset: no email at all. */
export class MailEnvironment {
  /**
   * The SMTP server mail goes through: `smtp://user:pass@host:port` (STARTTLS when the server
   * offers it) or `smtps://…` (TLS from the start). Unset: no email at all, nothing is queued.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of every mail: `address` or `Name <address>`. */
  @Matches(/^([^<>\r\n]{1,100} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, {
    message: 'must be an address or "Name <address>"',
  })
  MAIL_FROM = 'Konsultation <no-reply@localhost>';

  /** How long one SMTP step (connect, greeting, each answer) may take before the attempt fails and is retried. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(500)
  @Max(300_000)
  MAIL_SEND_TIMEOUT_MS = 30_000;

  /** How often the worker looks for mails whose job was lost (a repeatable job). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  MAIL_SWEEP_EVERY_SECONDS = 300;

  /** A mail still unsent, and untouched by any attempt for this long, is published again. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  MAIL_SWEEP_AFTER_MINUTES = 60;
}

export const mailConfig: ConfigSchema<MailEnvironment> = {
  variables: MailEnvironment,
  problems(env, alreadyBad) {
    const problems: string[] = [];
    if (!alreadyBad.includes('SMTP_URL') && env.SMTP_URL && !isSmtpUrl(env.SMTP_URL)) {
      problems.push('SMTP_URL must be an smtp:// or smtps:// URL with a host');
    }
    const secureWebLink = env.WEB_BASE_URL?.startsWith('https://') ?? false;
    if (env.NODE_ENV === 'production' && env.SMTP_URL && !alreadyBad.includes('WEB_BASE_URL') && !secureWebLink) {
      problems.push('WEB_BASE_URL must be set to an https:// URL in production when email is on');
    }
    return problems;
  },
};

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
