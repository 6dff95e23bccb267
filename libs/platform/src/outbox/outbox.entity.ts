import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The outbox table. */
@Index('outbox_unpublished_idx', ['createdAt'], { where: '(published_at IS NULL)' })
@Index('outbox_published_idx', ['publishedAt'], { where: '(published_at IS NOT NULL)' })
@Index('outbox_escalation_run_idx', ['runAt'], {
  where: "(job_name = ANY (ARRAY['consultation.sla_warning'::text, 'consultation.auto_assign'::text]))",
})
@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  queue: string;

  @Column('text', { name: 'job_name' })
  jobName: string;

  @Column('text', { name: 'job_id' })
  jobId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('timestamptz', { name: 'run_at', default: () => 'now()' })
  runAt: Date;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;
}
