import { Injectable } from '@nestjs/common';
import { Tx } from '@app/platform';

/**
 * Identity's one write outside its tables: `account.*` rows in `notifications` (read by triage's
 * notification routes), since identity may not import triage (docs/architecture.md).
 */
@Injectable()
export class StaffNotificationsRepository {
  /**
   * A `type` notification about `userId` for every active supervisor but that account, once per
   * `dedupeKey`; answers how many were written.
   */
  async insertForSupervisors(tx: Tx, type: string, userId: string, dedupeKey: string): Promise<number> {
    const { affected } = await tx.query(
      `INSERT INTO notifications (recipient_id, type, subject_user_id, dedupe_key)
       SELECT id, $1, $2, $3 FROM users WHERE role = 'supervisor' AND active AND id <> $2
       ON CONFLICT (recipient_id, dedupe_key) DO NOTHING`,
      [type, userId, dedupeKey],
    );
    return affected;
  }
}
