import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '../accounts/user.entity';

/** The supervisor_first_seen table. */
@Check('supervisor_first_seen_singleton_check', 'singleton')
@Entity({ name: 'supervisor_first_seen' })
export class SupervisorFirstSeenEntity {
  @PrimaryColumn('boolean', { default: true })
  singleton: boolean;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'supervisor_first_seen_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('timestamptz', { name: 'seen_at', default: () => 'now()' })
  seenAt: Date;
}
