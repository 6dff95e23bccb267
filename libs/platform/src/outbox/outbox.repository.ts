import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Housekeeping of the outbox table (writing is OutboxService's, publishing OutboxRelay's). */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Deletes at most `batch` rows published more than `olderThanHours` ago, and returns how many
   * went. Unpublished rows are never touched, however old: they are jobs still to be delivered.
   */
  async deletePublished(
    { olderThanHours, batch }: { olderThanHours: number; batch: number },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    // The inner SELECT walks outbox_published_idx; a batch keeps each statement's locks short.
    const rows: { deleted: number }[] = await manager.query(
      `WITH gone AS (
         DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox
           WHERE published_at IS NOT NULL AND published_at < now() - make_interval(hours => $1)
           LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [olderThanHours, batch],
    );
    return rows[0].deleted;
  }
}
