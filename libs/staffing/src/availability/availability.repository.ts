import { Tx, Database } from '@app/platform';
import { Injectable } from '@nestjs/common';

/** investigator_availability: who is on duty. No row means off duty. */
@Injectable()
export class AvailabilityRepository {
  constructor(private readonly db: Database) {}

  async setDuty(tx: Tx, userId: string, onDuty: boolean): Promise<void> {
    await tx.query(
      `INSERT INTO investigator_availability (user_id, on_duty, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET on_duty = EXCLUDED.on_duty, updated_at = EXCLUDED.updated_at`,
      [userId, onDuty],
    );
  }

  async isOnDuty(tx: Tx, userId: string): Promise<boolean> {
    const rows: { on_duty: boolean }[] = (
      await tx.query(`SELECT on_duty FROM investigator_availability WHERE user_id = $1`, [userId])
    ).rows;
    return rows[0]?.on_duty ?? false;
  }

  async onDutyIds(tx: Tx): Promise<string[]> {
    const rows: { user_id: string }[] = (
      await tx.query(`SELECT user_id FROM investigator_availability WHERE on_duty ORDER BY user_id`)
    ).rows;
    return rows.map((row) => row.user_id);
  }
}
