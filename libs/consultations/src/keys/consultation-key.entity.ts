import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { ConsultationEntity } from '../consultation/consultation.entity';

/** The consultation_keys table. */
@Index('consultation_keys_wrapping_idx', ['wrappingKeyId', 'consultationId'])
@Entity({ name: 'consultation_keys' })
export class ConsultationKeyEntity {
  @PrimaryColumn('uuid', { name: 'consultation_id' })
  consultationId: string;

  @ManyToOne(() => ConsultationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consultation_id', foreignKeyConstraintName: 'consultation_keys_consultation_id_fkey' })
  readonly consultation?: ForeignKey<ConsultationEntity>;

  @Column('text', { name: 'wrapped_key' })
  wrappedKey: string;

  @Column('text', { name: 'wrapping_key_id' })
  wrappingKeyId: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
