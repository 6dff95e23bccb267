import { Injectable, Logger } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { ConsultationFacts, NotificationCreatePayload } from '@app/consultations';
import { AuthenticatedActor, Permission, requirePermission, Role } from '@app/identity';
import { MailOutboxService } from '@app/mail';
import {
  Database,
  decodePosition,
  NotFoundError,
  Page,
  PageRequest,
  pageSize,
  positionCursor,
  toPage,
  Tx,
} from '@app/platform';
import { StaffDirectory } from '@app/staffing';
import { NotificationRepository, NotificationRow } from './notification.repository';
import { ConsultationNotificationType, NewNotifications, NotificationView } from './notification.types';

/** Events other features publish (consultations' notification.create job), and the notification each becomes. */
const EVENT_TYPES: Record<string, ConsultationNotificationType> = {
  'message.created': 'message.created',
  'consultation.assigned': 'consultation.assigned',
};

/**
 * In-app notifications. Triage and escalation write theirs inside their own transactions
 * (`notify`); other features publish a NotificationCreate job that the worker turns into rows
 * (`createFromEvent`). Either way a notification names the event and the reference, never case
 * text, and a redelivered job never notifies anyone twice (dedupe key per recipient). The mails
 * of new notifications are queued in the same transaction (MailOutboxService; nothing when email
 * is off), so each notification is mailed at most once and never lost.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationRepository,
    private readonly consultations: ConsultationFacts,
    private readonly audit: AuditRecorder,
    private readonly mail: MailOutboxService,
    private readonly directory: StaffDirectory,
  ) {}

  /** The caller's own notifications, newest first. */
  async listOwn(actor: AuthenticatedActor, page: PageRequest): Promise<Page<NotificationView>> {
    this.requireReader(actor);
    const size = pageSize(page.limit);
    const after = decodePosition('notifications', page.cursor);
    const rows = await this.notifications.pageForRecipient(this.db, actor.id, after, size + 1);
    return toPage(rows, size, toView, positionCursor('notifications'));
  }

  /**
   * Marks one of the caller's notifications read (again is harmless). Someone else's is answered
   * like a missing one (404) and audited as `access.denied`, so ids cannot be probed.
   */
  async markRead(actor: AuthenticatedActor, id: string): Promise<void> {
    this.requireReader(actor);
    if (await this.notifications.markRead(this.db, id, actor.id)) return;
    if (await this.notifications.exists(this.db, id)) {
      await this.db.transaction((tx) =>
        this.audit.record(tx, {
          action: 'access.denied',
          resourceType: 'notification',
          resourceId: id,
          outcome: 'denied',
          actorId: actor.id,
          actorRole: actor.role,
          details: { attempted: 'notification.read' },
        }),
      );
    }
    throw new NotFoundError('Notification');
  }

  /** Writes notifications, and queues their mails, in the caller's transaction. Gives how many were new. */
  async notify(tx: Tx, notifications: NewNotifications): Promise<number> {
    const created = await this.notifications.insertMany(tx, notifications);
    const mailTo = notifications.mailRecipientIds ? new Set(notifications.mailRecipientIds) : null;
    await this.mail.queueForNotifications(
      tx,
      notifications.type,
      created
        .filter((n) => mailTo === null || mailTo.has(n.recipientId))
        .map((n) => ({
          notificationId: n.id,
          recipientId: n.recipientId,
          consultationId: notifications.consultationId,
          reference: notifications.reference,
        })),
    );
    return created.length;
  }

  /**
   * A notification.create job from another feature. `eventId` (the job id, e.g. `message-<id>`) is
   * the dedupe key. Unknown events and vanished requests are logged and dropped, not retried.
   */
  async createFromEvent(eventId: string, payload: NotificationCreatePayload): Promise<number> {
    const type = EVENT_TYPES[payload.event];
    if (!type) {
      this.logger.warn({ event: payload.event, eventId }, 'notification for an unknown event dropped');
      return 0;
    }
    const participants = await this.consultations.participants(payload.consultationId);
    if (!participants) return 0;
    const supervisors = payload.supervisors ? await this.directory.activeIds(Role.Supervisor) : [];
    const recipientIds = [
      ...(payload.recipientIds ??
        [participants.requesterId, participants.assigneeId].filter((id): id is string => id !== null)),
      ...supervisors,
    ];
    const mailRecipientIds = payload.mailRecipientIds
      ? [...payload.mailRecipientIds, ...supervisors]
      : undefined;
    return this.db.transaction((tx) =>
      this.notify(tx, {
        type,
        consultationId: payload.consultationId,
        reference: participants.reference,
        recipientIds,
        mailRecipientIds,
        dedupeKey: `${payload.event}:${eventId}`,
      }),
    );
  }

  private requireReader(actor: AuthenticatedActor): void {
    requirePermission(actor, Permission.NotificationRead);
  }
}

function toView({ cursorAt: _, ...view }: NotificationRow): NotificationView {
  return view;
}
