import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '../accounts/user.entity';

/** The webauthn_challenges table. */
@Index('webauthn_challenges_expiry_idx', ['expiresAt'])
@Check(
  'webauthn_challenges_purpose_check',
  "(purpose = ANY (ARRAY['registration'::text, 'authentication'::text]))",
)
@Check('webauthn_challenges_bound_to_check', '((length(bound_to) >= 1) AND (length(bound_to) <= 200))')
@Check('webauthn_challenges_challenge_check', '((length(challenge) >= 16) AND (length(challenge) <= 200))')
@Entity({ name: 'webauthn_challenges' })
export class WebauthnChallengeEntity {
  @PrimaryColumn('text')
  purpose: string;

  @PrimaryColumn('text', { name: 'bound_to' })
  boundTo: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'webauthn_challenges_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('text')
  challenge: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;
}
