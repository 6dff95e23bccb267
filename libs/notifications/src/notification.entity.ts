import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { ConsultationEntity } from '@app/consultations';
import { UserEntity } from '@app/identity';

/** The notifications table. */
// the index is (recipient_id, created_at DESC, id DESC): TypeORM compares its plain columns only
@Index('notifications_page_idx', ['recipientId', 'createdAt', 'id'])
@Index('notifications_consultation_idx', ['consultationId'])
@Check(
  'notifications_type_check',
  "(type = ANY (ARRAY['account.mfa_reset'::text, 'consultation.critical'::text, 'consultation.assigned'::text, 'consultation.sla_warning'::text, 'consultation.sla_breached'::text, 'message.created'::text, 'account.staff_role_granted'::text, 'account.staff_password_set'::text, 'intake.limit_reached'::text, 'account.role_grant_requested'::text, 'account.role_grant_rejected'::text]))",
)
@Check(
  'notifications_subject_check',
  "CASE WHEN (type ~~ 'account.%'::text) THEN (subject_user_id IS NOT NULL) ELSE ((consultation_id IS NOT NULL) AND (reference IS NOT NULL)) END",
)
@Unique('notifications_once_per_event', ['recipientId', 'dedupeKey'])
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'recipient_id' })
  recipientId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'notifications_recipient_id_fkey' })
  readonly recipient?: ForeignKey<UserEntity>;

  @Column('text')
  type: string;

  @Column('uuid', { name: 'consultation_id', nullable: true })
  consultationId: string | null;

  @ManyToOne(() => ConsultationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consultation_id', foreignKeyConstraintName: 'notifications_consultation_id_fkey' })
  readonly consultation?: ForeignKey<ConsultationEntity>;

  @Column('text', { nullable: true })
  reference: string | null;

  @Column('text', { name: 'dedupe_key' })
  dedupeKey: string;

  @Column('timestamptz', {
    name: 'created_at',
    default: () => "date_trunc('milliseconds', clock_timestamp())",
  })
  createdAt: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;

  @Column('uuid', { name: 'subject_user_id', nullable: true })
  subjectUserId: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'subject_user_id', foreignKeyConstraintName: 'notifications_subject_user_id_fkey' })
  readonly subjectUser?: ForeignKey<UserEntity>;
}
