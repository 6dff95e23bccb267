import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '../accounts/user.entity';

/** The auth_sessions table. */
@Index('auth_sessions_live_by_user_idx', ['userId'], { where: '(revoked_at IS NULL)' })
@Check('auth_sessions_ip_check', '(length(ip) <= 64)')
@Check('auth_sessions_user_agent_check', '(length(user_agent) <= 512)')
@Check(
  'auth_sessions_method_check',
  "(method = ANY (ARRAY['password'::text, 'password+totp'::text, 'password+webauthn'::text, 'password+recovery_code'::text, 'oidc'::text, 'oidc+totp'::text, 'oidc+webauthn'::text, 'oidc+recovery_code'::text]))",
)
@Entity({ name: 'auth_sessions' })
export class AuthSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'auth_sessions_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason: string | null;

  @Column('timestamptz', { name: 'last_used_at', default: () => 'now()' })
  lastUsedAt: Date;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent: string | null;

  @Column('text')
  method: string;
}
