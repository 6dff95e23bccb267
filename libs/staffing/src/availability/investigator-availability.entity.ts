import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '@app/identity';

/** The investigator_availability table. */
@Index('investigator_availability_on_duty_idx', ['userId'], { where: 'on_duty' })
@Entity({ name: 'investigator_availability' })
export class InvestigatorAvailabilityEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'investigator_availability_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('boolean', { name: 'on_duty' })
  onDuty: boolean;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
