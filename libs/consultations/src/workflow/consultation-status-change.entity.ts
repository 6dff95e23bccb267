import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { ConsultationEntity } from '../consultation/consultation.entity';
import { UserEntity } from '@app/identity';

/** The consultation_status_changes table. */
@Index('consultation_status_changes_idx', ['consultationId', 'createdAt'])
@Entity({ name: 'consultation_status_changes' })
export class ConsultationStatusChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'consultation_id' })
  consultationId: string;

  @ManyToOne(() => ConsultationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'consultation_id',
    foreignKeyConstraintName: 'consultation_status_changes_consultation_id_fkey',
  })
  readonly consultation?: ForeignKey<ConsultationEntity>;

  @Column('text', { name: 'from_status' })
  fromStatus: string;

  @Column('text', { name: 'to_status' })
  toStatus: string;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'consultation_status_changes_actor_id_fkey' })
  readonly actor?: ForeignKey<UserEntity>;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('text', { nullable: true })
  outcome: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;
}
