import { Module } from '@nestjs/common';
import { MailModule } from '@app/mail';
import { NotificationPreferencesController } from './notification-preferences.controller';

/** The caller's own settings under /me (availability lives with staffing). */
@Module({ imports: [MailModule], controllers: [NotificationPreferencesController] })
export class MeModule {}
