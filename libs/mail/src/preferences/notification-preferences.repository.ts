import { Tx, Database } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DEFAULT_EMAIL_PREFERENCES, EmailPreferences } from './email-preferences';

/** notification_preferences: one row per user who ever changed them; no row means the defaults. */
@Injectable()
export class NotificationPreferencesRepository {
  constructor(private readonly db: Database) {}

  async find(tx: Tx, userId: string): Promise<EmailPreferences> {
    const rows: EmailPreferences[] = (
      await tx.query(
        `SELECT email_new_critical AS "newCritical", email_assigned AS "assigned",
              email_sla_breach AS "slaBreach", email_message AS "message"
       FROM notification_preferences WHERE user_id = $1`,
        [userId],
      )
    ).rows;
    return rows[0] ?? { ...DEFAULT_EMAIL_PREFERENCES };
  }

  async save(tx: Tx, userId: string, email: EmailPreferences): Promise<void> {
    await tx.query(
      `INSERT INTO notification_preferences (user_id, email_new_critical, email_assigned, email_sla_breach, email_message)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET
         email_new_critical = EXCLUDED.email_new_critical, email_assigned = EXCLUDED.email_assigned,
         email_sla_breach = EXCLUDED.email_sla_breach, email_message = EXCLUDED.email_message, updated_at = now()`,
      [userId, email.newCritical, email.assigned, email.slaBreach, email.message],
    );
  }
}
