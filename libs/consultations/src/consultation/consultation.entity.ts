import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The consultations table, for TypeORM's metadata (the schema itself is the migration
 * 1764300000300-consultations). Reads and writes go through ConsultationRepository's lean SQL;
 * this class is never returned to a controller. Text columns marked "ciphertext" hold FieldCipher
 * output only.
 */
@Entity({ name: 'consultations' })
export class ConsultationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  reference: string;

  @Column('text')
  status: string;

  @Column('integer', { default: 1 })
  version: number;

  @Column('text', { name: 'concern_types', array: true })
  concernTypes: string[];

  /** Ciphertext. */
  @Column('text')
  summary: string;

  @Column('boolean', { default: false })
  identified: boolean;

  @Column('jsonb')
  subject: Record<string, unknown>;

  @Column('jsonb', { name: 'risk_factors' })
  riskFactors: Record<string, boolean>;

  @Column('text', { name: 'requested_support', array: true })
  requestedSupport: string[];

  @Column('text', { name: 'contact_channel' })
  contactChannel: string;

  /** Ciphertext. */
  @Column('text', { name: 'contact_phone', nullable: true })
  contactPhone: string | null;

  @Column('text', { nullable: true })
  priority: string | null;

  @Column('smallint', { name: 'priority_rank', default: 2 })
  priorityRank: number;

  @Column('integer', { name: 'risk_score', nullable: true })
  riskScore: number | null;

  @Column('jsonb', { name: 'triage_reasons', default: () => "'[]'::jsonb" })
  triageReasons: string[];

  @Column('timestamptz', { name: 'sla_due_at', nullable: true })
  slaDueAt: Date | null;

  @Column('uuid', { name: 'suggested_assignee_id', nullable: true })
  suggestedAssigneeId: string | null;

  @Column('timestamptz', { name: 'triaged_at', nullable: true })
  triagedAt: Date | null;

  /** Ciphertext. */
  @Column('text', { name: 'priority_override_reason', nullable: true })
  priorityOverrideReason: string | null;

  @Column('uuid', { name: 'priority_overridden_by', nullable: true })
  priorityOverriddenBy: string | null;

  @Column('timestamptz', { name: 'priority_overridden_at', nullable: true })
  priorityOverriddenAt: Date | null;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId: string | null;

  @Column('timestamptz', { name: 'assigned_at', nullable: true })
  assignedAt: Date | null;

  /** When someone first took the request (claim or assignment): time-to-claim statistics. */
  @Column('timestamptz', { name: 'first_assigned_at', nullable: true })
  firstAssignedAt: Date | null;

  @Column('uuid', { name: 'requester_id' })
  requesterId: string;

  @Column('uuid', { name: 'organization_id', nullable: true })
  organizationId: string | null;

  @Column('text', { nullable: true })
  outcome: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  /** Ciphertext. */
  @Column('text', { name: 'legal_hold_reason', nullable: true })
  legalHoldReason: string | null;

  @Column('timestamptz', { name: 'legal_hold_since', nullable: true })
  legalHoldSince: Date | null;

  @Column('uuid', { name: 'legal_hold_by', nullable: true })
  legalHoldBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
