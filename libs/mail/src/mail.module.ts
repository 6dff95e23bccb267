import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MAIL_ENTITIES } from './mail.entities';
import { AuditModule } from '@app/audit';
import { UserDirectoryModule } from '@app/identity';
import { configProvider, PlatformModule } from '@app/platform';
import { MailDeliveryRepository } from './delivery/mail-delivery.repository';
import { MailDeliveryService } from './delivery/mail-delivery.service';
import { MailOutboxService } from './delivery/mail-outbox.service';
import { MailSweepService } from './delivery/mail-sweep.service';
import { SmtpMailer } from './delivery/smtp-mailer';
import { MailSettings } from './mail-settings';
import { NotificationPreferencesRepository } from './preferences/notification-preferences.repository';
import { NotificationPreferencesService } from './preferences/notification-preferences.service';
import { MailConfig, mailConfig } from './mail.config';

/**
 * Email (docs/mail.md): queueing mails with the notifications that cause them (triage uses
 * MailOutboxService), sending them (the worker, MailDeliveryService), and each user's preferences
 * (the API). Needs the platform, AuditModule and identity's user directory.
 */
@Module({
  imports: [PlatformModule, AuditModule, UserDirectoryModule, TypeOrmModule.forFeature(MAIL_ENTITIES)],
  providers: [
    configProvider(MailConfig, mailConfig),
    MailSettings,
    MailDeliveryRepository,
    MailOutboxService,
    SmtpMailer,
    MailDeliveryService,
    MailSweepService,
    NotificationPreferencesRepository,
    NotificationPreferencesService,
  ],
  exports: [
    MailConfig,
    MailSettings,
    MailOutboxService,
    MailDeliveryService,
    MailSweepService,
    NotificationPreferencesService,
  ],
})
export class MailModule {}
