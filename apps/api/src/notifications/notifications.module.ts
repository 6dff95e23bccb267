import { Module } from '@nestjs/common';
import { TriageModule } from '@app/triage';
import { NotificationsController } from './notifications.controller';

@Module({ imports: [TriageModule], controllers: [NotificationsController] })
export class NotificationsModule {}
