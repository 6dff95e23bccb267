import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CURSOR_AT_SQL, KeysetPosition } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { NewNotifications, NotificationView } from './notification.types';

export type NotificationRow = NotificationView & { cursorAt: string };

const COLUMNS = `id, type, consultation_id AS "consultationId", reference, subject_user_id AS "userId", created_at AS "createdAt", read_at AS "readAt",
  ${CURSOR_AT_SQL('created_at')} AS "cursorAt"`;

/** notifications: one row per recipient and event. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One row per recipient in one statement; a recipient already told about this event is skipped.
   * Gives the rows inserted now.
   */
  async insertMany(
    notifications: NewNotifications,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; recipientId: string }[]> {
    const recipients = [...new Set(notifications.recipientIds)];
    if (recipients.length === 0) return [];
    return manager.query(
      `INSERT INTO notifications (recipient_id, type, consultation_id, reference, dedupe_key)
       SELECT r, $2, $3, $4, $5 FROM unnest($1::uuid[]) AS r
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
       RETURNING id, recipient_id AS "recipientId"`,
      [
        recipients,
        notifications.type,
        notifications.consultationId,
        notifications.reference,
        notifications.dedupeKey,
      ],
    );
  }

  /** Newest first, strictly after `after`; served by notifications_page_idx. Fetch one extra to see if more exist. */
  async pageForRecipient(
    recipientId: string,
    after: KeysetPosition | null,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<NotificationRow[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM notifications
       WHERE recipient_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC
       LIMIT $4`,
      [recipientId, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  /** Marks the recipient's own notification read (the first time only). False when it is not theirs or absent. */
  async markRead(
    id: string,
    recipientId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    // A data-modifying CTE answers like a SELECT, so the result is the rows whatever the driver does with UPDATE.
    const rows: unknown[] = await manager.query(
      `WITH marked AS (
         UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND recipient_id = $2 RETURNING id
       ) SELECT id FROM marked`,
      [id, recipientId],
    );
    return rows.length === 1;
  }

  async exists(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM notifications WHERE id = $1`, [id]);
    return rows.length === 1;
  }
}
