import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '../accounts/user.entity';

/** The account_links table. */
@Index('account_links_open_idx', ['userId', 'purpose'], {
  where: '((used_at IS NULL) AND (revoked_at IS NULL))',
})
@Check('account_links_purpose_check', "(purpose = ANY (ARRAY['invitation'::text, 'password_reset'::text]))")
@Check('account_links_token_hash_check', '(length(token_hash) = 32)')
@Entity({ name: 'account_links' })
export class AccountLinkEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'account_links_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('text')
  purpose: string;

  @Column('bytea', { name: 'token_hash', unique: true })
  tokenHash: Buffer;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
