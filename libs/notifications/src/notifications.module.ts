import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ConsultationsModule } from '@app/consultations';
import { MailModule } from '@app/mail';
import { StaffingModule } from '@app/staffing';
import { NotificationRepository } from './notification.repository';
import { NotificationsService } from './notifications.service';
import { NOTIFICATIONS_ENTITIES } from './notifications.entities';

/**
 * In-app notifications: writing them (with their mails) in the caller's transaction, turning other
 * features' NotificationCreate jobs into them, and the caller's own list. Used by triage, the
 * worker (the NotificationCreate processor) and the API (notification routes).
 */
@Module({
  imports: [
    AuditModule,
    ConsultationsModule,
    MailModule,
    StaffingModule,
    TypeOrmModule.forFeature(NOTIFICATIONS_ENTITIES),
  ],
  providers: [NotificationRepository, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
