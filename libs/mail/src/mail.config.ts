import { Matches } from 'class-validator';
import { AppConfig, ConfigSchema, IntVariable } from '@app/platform';

/** Email's environment variables (docs/mail.md). Whether there is email at all is the platform's SMTP_URL. */
export class MailEnvironment {
  /** The sender of every mail: `address` or `Name <address>`. */
  @Matches(/^([^<>\r\n]{1,100} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, {
    message: 'must be an address or "Name <address>"',
  })
  MAIL_FROM = 'Konsultation <no-reply@localhost>';

  /** How long one SMTP step (connect, greeting, each answer) may take before the attempt fails and is retried. */
  @IntVariable(500, 300_000)
  MAIL_SEND_TIMEOUT_MS = 30_000;

  /** How often the worker looks for mails whose job was lost (a repeatable job). */
  @IntVariable(1, 24 * 3600)
  MAIL_SWEEP_EVERY_SECONDS = 300;

  /** A mail still unsent, and untouched by any attempt for this long, is published again. */
  @IntVariable(1, 7 * 24 * 60)
  MAIL_SWEEP_AFTER_MINUTES = 60;
}

export const mailConfig: ConfigSchema<MailEnvironment> = {
  variables: MailEnvironment,
};

/** Email's variables with the platform's: what its services inject (provided by `configProvider`). */
export class MailConfig extends AppConfig<MailEnvironment> {}
