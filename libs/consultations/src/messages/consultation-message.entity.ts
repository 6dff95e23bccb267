import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { ConsultationEntity } from '../consultation/consultation.entity';
import { UserEntity } from '@app/identity';

/** The consultation_messages table. */
@Index('consultation_messages_thread_idx', ['consultationId', 'createdAt', 'id'])
@Index('consultation_messages_public_idx', ['consultationId', 'createdAt', 'id'], { where: '(NOT internal)' })
@Entity({ name: 'consultation_messages' })
export class ConsultationMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'consultation_id' })
  consultationId: string;

  @ManyToOne(() => ConsultationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'consultation_id',
    foreignKeyConstraintName: 'consultation_messages_consultation_id_fkey',
  })
  readonly consultation?: ForeignKey<ConsultationEntity>;

  @Column('uuid', { name: 'author_id' })
  authorId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'consultation_messages_author_id_fkey' })
  readonly author?: ForeignKey<UserEntity>;

  @Column('text', { name: 'author_role' })
  authorRole: string;

  /** Ciphertext (the request's data key). */
  @Column('text')
  body: string;

  @Column('boolean', { default: false })
  internal: boolean;

  @Column('timestamptz', {
    name: 'created_at',
    default: () => "date_trunc('milliseconds', clock_timestamp())",
  })
  createdAt: Date;
}
