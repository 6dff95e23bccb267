import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '@app/identity';

/** The intake_rate table. */
@Entity({ name: 'intake_rate' })
export class IntakeRateEntity {
  @PrimaryColumn('uuid', { name: 'requester_id' })
  requesterId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'requester_id', foreignKeyConstraintName: 'intake_rate_requester_id_fkey' })
  readonly requester?: ForeignKey<UserEntity>;

  @Column('timestamptz', { array: true })
  recent: Date[];

  @Column('timestamptz', { name: 'alerted_at', nullable: true })
  alertedAt: Date | null;
}
