import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** investigator_availability: who is on duty. No row means off duty. */
@Injectable()
export class AvailabilityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async setDuty(
    userId: string,
    onDuty: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO investigator_availability (user_id, on_duty, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET on_duty = EXCLUDED.on_duty, updated_at = EXCLUDED.updated_at`,
      [userId, onDuty],
    );
  }

  async isOnDuty(userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: { on_duty: boolean }[] = await manager.query(
      `SELECT on_duty FROM investigator_availability WHERE user_id = $1`,
      [userId],
    );
    return rows[0]?.on_duty ?? false;
  }

  async onDutyIds(manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { user_id: string }[] = await manager.query(
      `SELECT user_id FROM investigator_availability WHERE on_duty ORDER BY user_id`,
    );
    return rows.map((row) => row.user_id);
  }
}
