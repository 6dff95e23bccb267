import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { AccountLinkEntity, UserEntity } from '@app/identity';

/** The mail_deliveries table. */
@Index('mail_deliveries_recipient_idx', ['recipientId'])
@Index('mail_deliveries_unsent_idx', ['status'], { where: "(status <> 'sent'::text)" })
@Check('mail_deliveries_kind_check', '((length(kind) >= 1) AND (length(kind) <= 100))')
@Check(
  'mail_deliveries_status_check',
  "(status = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'refused'::text, 'abandoned'::text, 'skipped'::text]))",
)
@Check('mail_deliveries_last_error_check', '(length(last_error) <= 100)')
@Entity({ name: 'mail_deliveries' })
export class MailDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'notification_id', nullable: true, unique: true })
  notificationId: string | null;

  @ManyToOne('notifications' /* triage is not an allowed import of mail: by table name */, {
    onDelete: 'CASCADE',
  })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'mail_deliveries_notification_id_fkey' })
  readonly notification?: ForeignKey<unknown>;

  @Column('uuid', { name: 'recipient_id' })
  recipientId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'mail_deliveries_recipient_id_fkey' })
  readonly recipient?: ForeignKey<UserEntity>;

  @Column('text')
  kind: string;

  @Column('uuid', { name: 'consultation_id', nullable: true })
  consultationId: string | null;

  @Column('text', { nullable: true })
  reference: string | null;

  @Column('text', { default: 'pending' })
  status: string;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('integer', { name: 'smtp_code', nullable: true })
  smtpCode: number | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column('uuid', { name: 'account_link_id', nullable: true, unique: true })
  accountLinkId: string | null;

  @ManyToOne(() => AccountLinkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_link_id', foreignKeyConstraintName: 'mail_deliveries_account_link_id_fkey' })
  readonly accountLink?: ForeignKey<AccountLinkEntity>;
}
