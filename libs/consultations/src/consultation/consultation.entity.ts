import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey, sqlAnyOf, TableRow } from '@app/platform';
import { OrganizationEntity, UserEntity } from '@app/identity';
import {
  CONSULTATION_STATUSES,
  FINISHED_STATUSES,
  OUTCOMES,
  QUEUE_STATUSES,
  type ConsultationOutcome,
  type ConsultationStatus,
} from '../workflow/consultation-status.machine';
import {
  CONTACT_CHANNELS,
  PRIORITIES,
  type ConcernType,
  type ContactChannel,
  type Priority,
  type RiskFactors,
  type Subject,
  type SupportKind,
} from './consultation.types';

/**
 * The consultations table: the one description of its columns, constraints and indexes (the
 * migrations build it; the schema test proves they agree). The repository's hand-written SQL
 * selects `selectList(ConsultationEntity)` and its rows are `TableRow<ConsultationEntity>`;
 * this class is never returned to a controller. Text columns marked "ciphertext" hold FieldCipher
 * output only.
 */
@Index('consultations_created_idx', ['createdAt', 'id'])
@Index('consultations_requester_idx', ['requesterId', 'createdAt', 'id'])
@Index('consultations_status_idx', ['status', 'createdAt', 'id'])
@Index('consultations_assignee_idx', ['assigneeId', 'createdAt', 'id'], {
  where: '(assignee_id IS NOT NULL)',
})
// the index is (priority_rank, COALESCE(sla_due_at, 'infinity'::timestamp with time zone), created_at, id): TypeORM compares its plain columns only
@Index('consultations_triage_queue_idx', ['priorityRank', 'createdAt', 'id'], {
  where: `(${sqlAnyOf('status', QUEUE_STATUSES)} AND (assignee_id IS NULL))`,
})
@Index('consultations_first_assigned_idx', ['firstAssignedAt'], { where: '(first_assigned_at IS NOT NULL)' })
@Index('consultations_unscored_idx', ['createdAt', 'id'], { where: '(risk_score IS NULL)' })
@Index('consultations_retention_idx', ['closedAt', 'id'], {
  where: `(${sqlAnyOf('status', FINISHED_STATUSES)} AND (legal_hold_since IS NULL))`,
})
@Check('consultations_status_check', sqlAnyOf('status', CONSULTATION_STATUSES))
@Check('consultations_concern_types_check', '(cardinality(concern_types) >= 1)')
@Check('consultations_requested_support_check', '(cardinality(requested_support) >= 1)')
@Check('consultations_contact_channel_check', sqlAnyOf('contact_channel', CONTACT_CHANNELS))
@Check('consultations_priority_check', sqlAnyOf('priority', PRIORITIES))
@Check('consultations_outcome_check', sqlAnyOf('outcome', OUTCOMES))
@Check('consultations_check', "((status = 'closed'::text) = (outcome IS NOT NULL))")
@Check('consultations_legal_hold_whole', '((legal_hold_since IS NULL) = (legal_hold_reason IS NULL))')
@Entity({ name: 'consultations' })
export class ConsultationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  reference: string;

  @Column('text')
  status: ConsultationStatus;

  @Column('integer', { default: 1 })
  version: number;

  @Column('text', { name: 'concern_types', array: true })
  concernTypes: ConcernType[];

  /** Ciphertext (the request's data key). */
  @Column('text')
  summary: string;

  @Column('boolean', { default: false })
  identified: boolean;

  @Column('jsonb')
  subject: Subject;

  @Column('jsonb', { name: 'risk_factors' })
  riskFactors: RiskFactors;

  @Column('text', { name: 'requested_support', array: true })
  requestedSupport: SupportKind[];

  @Column('text', { name: 'contact_channel' })
  contactChannel: ContactChannel;

  /** Ciphertext. */
  @Column('text', { name: 'contact_phone', nullable: true })
  contactPhone: string | null;

  @Column('text', { nullable: true })
  priority: Priority | null;

  @Column('smallint', { name: 'priority_rank', default: 2 })
  priorityRank: number;

  @Column('integer', { name: 'risk_score', nullable: true })
  riskScore: number | null;

  @Column('jsonb', { name: 'triage_reasons', default: () => "'[]'" })
  triageReasons: string[];

  @Column('timestamptz', { name: 'sla_due_at', nullable: true })
  slaDueAt: Date | null;

  @Column('uuid', { name: 'suggested_assignee_id', nullable: true })
  suggestedAssigneeId: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({
    name: 'suggested_assignee_id',
    foreignKeyConstraintName: 'consultations_suggested_assignee_id_fkey',
  })
  readonly suggestedAssignee?: ForeignKey<UserEntity>;

  @Column('timestamptz', { name: 'triaged_at', nullable: true })
  triagedAt: Date | null;

  /** Ciphertext. */
  @Column('text', { name: 'priority_override_reason', nullable: true })
  priorityOverrideReason: string | null;

  @Column('uuid', { name: 'priority_overridden_by', nullable: true })
  priorityOverriddenBy: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({
    name: 'priority_overridden_by',
    foreignKeyConstraintName: 'consultations_priority_overridden_by_fkey',
  })
  readonly priorityOverriddenByRef?: ForeignKey<UserEntity>;

  @Column('timestamptz', { name: 'priority_overridden_at', nullable: true })
  priorityOverriddenAt: Date | null;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'consultations_assignee_id_fkey' })
  readonly assignee?: ForeignKey<UserEntity>;

  @Column('timestamptz', { name: 'assigned_at', nullable: true })
  assignedAt: Date | null;

  /** When someone first took the request (claim or assignment): time-to-claim statistics. */
  @Column('timestamptz', { name: 'first_assigned_at', nullable: true })
  firstAssignedAt: Date | null;

  @Column('uuid', { name: 'requester_id' })
  requesterId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'requester_id', foreignKeyConstraintName: 'consultations_requester_id_fkey' })
  readonly requester?: ForeignKey<UserEntity>;

  @Column('uuid', { name: 'organization_id', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => OrganizationEntity)
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'consultations_organization_id_fkey' })
  readonly organization?: ForeignKey<OrganizationEntity>;

  @Column('text', { nullable: true })
  outcome: ConsultationOutcome | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => "date_trunc('milliseconds', now())" })
  updatedAt: Date;

  /** Ciphertext. */
  @Column('text', { name: 'legal_hold_reason', nullable: true })
  legalHoldReason: string | null;

  @Column('timestamptz', { name: 'legal_hold_since', nullable: true })
  legalHoldSince: Date | null;

  @Column('uuid', { name: 'legal_hold_by', nullable: true })
  legalHoldBy: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'legal_hold_by', foreignKeyConstraintName: 'consultations_legal_hold_by_fkey' })
  readonly legalHoldByRef?: ForeignKey<UserEntity>;
}

/**
 * Columns a caller never sees as stored: case text (decrypted into the view's own fields), the
 * contact (answered as `preferredContact`), the override and the hold (answered grouped, to staff
 * only) and the triage's and assignment's bookkeeping. Every other column passes into
 * ConsultationView as it is, so a new column is visible unless it is named here, and the API's
 * ConsultationDto does not compile until it answers (or this list hides) it.
 */
export const CONSULTATION_COLUMNS_NOT_IN_VIEW = [
  'summary',
  'identified',
  'contactChannel',
  'contactPhone',
  'priorityRank',
  'suggestedAssigneeId',
  'triagedAt',
  'priorityOverrideReason',
  'priorityOverriddenBy',
  'priorityOverriddenAt',
  'assignedAt',
  'firstAssignedAt',
  'legalHoldReason',
  'legalHoldSince',
  'legalHoldBy',
] as const satisfies readonly (keyof TableRow<ConsultationEntity>)[];
