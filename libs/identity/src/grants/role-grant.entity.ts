import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey, sqlAnyOf } from '@app/platform';
import { ROLES } from '../access/role';
import { UserEntity } from '../accounts/user.entity';

/** The role_grants table. */
@Index('role_grants_one_pending', ['userId'], { unique: true, where: "(status = 'pending'::text)" })
@Index('role_grants_page_idx', ['status', 'requestedAt', 'id'])
@Index('role_grants_user_idx', ['userId'])
@Check('role_grants_role_check', "(role = ANY (ARRAY['investigator'::text, 'supervisor'::text]))")
@Check('role_grants_previous_role_check', sqlAnyOf('previous_role', ROLES))
@Check(
  'role_grants_status_check',
  "(status = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text, 'withdrawn'::text, 'superseded'::text]))",
)
@Check('role_grants_reason_check', '((length(reason) >= 1) AND (length(reason) <= 500))')
@Check('role_grants_decided', "((status = 'pending'::text) = (decided_at IS NULL))")
@Entity({ name: 'role_grants' })
export class RoleGrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'role_grants_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('text')
  role: string;

  @Column('text', { name: 'previous_role', nullable: true })
  previousRole: string | null;

  @Column('text', { default: 'pending' })
  status: string;

  @Column('uuid', { name: 'requested_by', nullable: true })
  requestedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'role_grants_requested_by_fkey' })
  readonly requestedByRef?: ForeignKey<UserEntity>;

  @Column('timestamptz', { name: 'requested_at', default: () => 'now()' })
  requestedAt: Date;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'role_grants_decided_by_fkey' })
  readonly decidedByRef?: ForeignKey<UserEntity>;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  reason: string | null;
}
