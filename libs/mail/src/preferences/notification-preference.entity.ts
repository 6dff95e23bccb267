import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '@app/identity';

/** The notification_preferences table. */
@Entity({ name: 'notification_preferences' })
export class NotificationPreferenceEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'notification_preferences_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('boolean', { name: 'email_new_critical', default: true })
  emailNewCritical: boolean;

  @Column('boolean', { name: 'email_assigned', default: true })
  emailAssigned: boolean;

  @Column('boolean', { name: 'email_sla_breach', default: true })
  emailSlaBreach: boolean;

  @Column('boolean', { name: 'email_message', default: true })
  emailMessage: boolean;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
