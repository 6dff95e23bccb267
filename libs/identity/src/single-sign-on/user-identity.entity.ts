import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '../accounts/user.entity';

/** The user_identities table. */
@Check('user_identities_issuer_check', '((length(issuer) >= 1) AND (length(issuer) <= 500))')
@Check('user_identities_subject_check', '((length(subject) >= 1) AND (length(subject) <= 255))')
@Unique('user_identities_user_id_issuer_key', ['issuer', 'userId'])
@Entity({ name: 'user_identities' })
export class UserIdentityEntity {
  @PrimaryColumn('text')
  issuer: string;

  @PrimaryColumn('text')
  subject: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_identities_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
