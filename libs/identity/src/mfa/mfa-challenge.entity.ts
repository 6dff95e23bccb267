import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '../accounts/user.entity';

/** The mfa_challenges table. */
@Index('mfa_challenges_user_idx', ['userId'])
@Check('mfa_challenges_purpose_check', "(purpose = ANY (ARRAY['verify'::text, 'enroll'::text]))")
@Check('mfa_challenges_first_factor_check', '((length(first_factor) >= 1) AND (length(first_factor) <= 40))')
@Entity({ name: 'mfa_challenges' })
export class MfaChallengeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('bytea', { name: 'token_hash', unique: true })
  tokenHash: Buffer;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mfa_challenges_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('text')
  purpose: string;

  @Column('text', { name: 'first_factor' })
  firstFactor: string;

  @Column('integer', { name: 'token_version' })
  tokenVersion: number;

  @Column('integer', { name: 'failed_attempts', default: 0 })
  failedAttempts: number;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'consumed_at', nullable: true })
  consumedAt: Date | null;
}
