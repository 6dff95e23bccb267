import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_TYPES, NotificationView } from '@app/notifications';
import { IsUUID } from 'class-validator';

export class NotificationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

/** A notification: the event and the request's reference, never case text. */
export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    enum: NOTIFICATION_TYPES,
    description:
      '`consultation.critical`: a new critical request (on-duty investigators; every supervisor when nobody is on ' +
      'duty); `consultation.assigned`: a request was given to you; `consultation.sla_warning` / ' +
      '`consultation.sla_breached`: a request nobody has taken is near or past its first-response deadline ' +
      '(supervisors); `message.created`: a new message on a request you take part in (supervisors: also a ' +
      "requester's message on a request nobody holds); `account.staff_role_granted`: an account was given a staff role " +
      '(investigator, supervisor, admin), on creation, by a change or by an approved grant (supervisors); ' +
      '`account.role_grant_requested`: an admin asked for investigator or supervisor, waiting for a supervisor’s approval ' +
      '(supervisors; `GET /role-grants`); `account.role_grant_rejected`: a supervisor rejected such a grant (supervisors); ' +
      '`account.staff_password_set`: a ' +
      'staff account’s password was set by someone else (supervisors); `account.mfa_reset`: an admin removed an account’s ' +
      'second factors (supervisors); `intake.limit_reached`: a requester filed ' +
      'INTAKE_LIMIT_PER_HOUR requests within an hour and was refused more (supervisors; names their latest request; ' +
      'at most once per requester an hour).',
  })
  type: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The request; null for `account.*` notifications.' })
  consultationId: string | null;

  @ApiProperty({ example: 'KONS-2026-000123', nullable: true, type: String, description: 'The request’s reference; null for `account.*` notifications.' })
  reference: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The account an `account.*` notification is about; null otherwise.' })
  userId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  readAt: Date | null;

  static of(view: NotificationView): NotificationDto {
    return {
      id: view.id,
      type: view.type,
      consultationId: view.consultationId,
      reference: view.reference,
      userId: view.userId,
      createdAt: view.createdAt,
      readAt: view.readAt,
    };
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor: string | null;

  static of(page: { items: NotificationView[]; nextCursor: string | null }): NotificationPageDto {
    return { items: page.items.map(NotificationDto.of), nextCursor: page.nextCursor };
  }
}
