import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { sqlAnyOf } from '@app/platform';
import type { ConcernType, Priority } from '../consultation/consultation.types';
import {
  FINISHED_STATUSES,
  type ConsultationOutcome,
  type FinishedStatus,
} from '../workflow/consultation-status.machine';

/**
 * The consultation_tombstones table: what stays of a purged request (docs/retention.md), no case
 * text. `requesterId` and `firstAssignedAt` serve statistics and the requester's 410; the rest is
 * the tombstone answered (ConsultationTombstone).
 */
@Index('consultation_tombstones_purged_idx', ['purgedAt', 'id'])
@Check('consultation_tombstones_status_check', sqlAnyOf('status', FINISHED_STATUSES))
@Entity({ name: 'consultation_tombstones' })
export class ConsultationTombstoneEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  reference: string;

  @Column('text')
  status: FinishedStatus;

  @Column('text', { nullable: true })
  priority: Priority | null;

  @Column('text', { name: 'concern_types', array: true })
  concernTypes: ConcernType[];

  @Column('text', { nullable: true })
  outcome: ConsultationOutcome | null;

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
