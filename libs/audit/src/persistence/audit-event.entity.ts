import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The audit_events table. */
@Index('audit_events_occurred_seq_idx', ['occurredAt', 'seq'])
@Index('audit_events_actor_seq_idx', ['actorId', 'seq'])
@Index('audit_events_action_seq_idx', ['action', 'seq'])
@Index('audit_events_resource_type_seq_idx', ['resourceType', 'seq'])
@Index('audit_events_resource_seq_idx', ['resourceId', 'seq'])
@Index('audit_events_rare_outcome_seq_idx', ['outcome', 'seq'], { where: "(outcome <> 'success'::text)" })
@Index('audit_events_consultation_lifecycle_idx', ['resourceId', 'seq'], {
  where:
    "((resource_type = 'consultation'::text) AND (action = ANY (ARRAY['consultation.create'::text, 'consultation.claim'::text, 'consultation.assign'::text, 'consultation.transition'::text])) AND (outcome = 'success'::text))",
})
@Check(
  'audit_events_outcome_check',
  "(outcome = ANY (ARRAY['success'::text, 'denied'::text, 'failure'::text]))",
)
@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('bigint', { unique: true })
  seq: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_role' })
  actorRole: string;

  @Column('text')
  action: string;

  @Column('text', { name: 'resource_type' })
  resourceType: string;

  @Column('text', { name: 'resource_id', nullable: true })
  resourceId: string | null;

  @Column('text')
  outcome: string;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column('text', { name: 'prev_hash' })
  prevHash: string;

  @Column('text')
  hash: string;
}
