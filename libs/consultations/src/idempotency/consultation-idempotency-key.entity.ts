import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { ConsultationEntity } from '../consultation/consultation.entity';
import { UserEntity } from '@app/identity';

/** The consultation_idempotency_keys table. */
@Index('consultation_idempotency_keys_expiry_idx', ['expiresAt'])
@Index('consultation_idempotency_keys_consultation_idx', ['consultationId'])
@Entity({ name: 'consultation_idempotency_keys' })
export class ConsultationIdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'consultation_idempotency_keys_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @PrimaryColumn('text')
  key: string;

  @Column('text', { name: 'request_hash' })
  requestHash: string;

  @Column('uuid', { name: 'consultation_id' })
  consultationId: string;

  @ManyToOne(() => ConsultationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'consultation_id',
    foreignKeyConstraintName: 'consultation_idempotency_keys_consultation_id_fkey',
  })
  readonly consultation?: ForeignKey<ConsultationEntity>;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;
}
