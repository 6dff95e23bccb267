import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The consultation_tombstones table. */
@Index('consultation_tombstones_purged_idx', ['purgedAt', 'id'])
@Check('consultation_tombstones_status_check', "(status = ANY (ARRAY['closed'::text, 'withdrawn'::text]))")
@Entity({ name: 'consultation_tombstones' })
export class ConsultationTombstoneEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  reference: string;

  @Column('text')
  status: string;

  @Column('text', { nullable: true })
  priority: string | null;

  @Column('text', { name: 'concern_types', array: true })
  concernTypes: string[];

  @Column('text', { nullable: true })
  outcome: string | null;

  @Column('uuid', { name: 'requester_id', nullable: true })
  requesterId: string | null;

  @Column('timestamptz', { name: 'first_assigned_at', nullable: true })
  firstAssignedAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column('timestamptz', { name: 'purged_at', default: () => "date_trunc('milliseconds', now())" })
  purgedAt: Date;
}
