import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { UserEntity } from '../accounts/user.entity';

/** The webauthn_credentials table. */
@Index('webauthn_credentials_user_idx', ['userId', 'createdAt'])
@Check('webauthn_credentials_counter_check', '(counter >= 0)')
@Check(
  'webauthn_credentials_credential_id_check',
  '((length(credential_id) >= 1) AND (length(credential_id) <= 1400))',
)
@Check('webauthn_credentials_public_key_check', '(length(public_key) <= 4096)')
@Check('webauthn_credentials_name_check', '((length(name) >= 1) AND (length(name) <= 100))')
@Entity({ name: 'webauthn_credentials' })
export class WebauthnCredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'webauthn_credentials_user_id_fkey' })
  readonly user?: ForeignKey<UserEntity>;

  @Column('text', { name: 'credential_id', unique: true })
  credentialId: string;

  @Column('bytea', { name: 'public_key' })
  publicKey: Buffer;

  @Column('bigint', { default: '0' })
  counter: string;

  @Column('text', { array: true, default: () => "'{}'" })
  transports: string[];

  @Column('boolean', { name: 'backed_up', default: false })
  backedUp: boolean;

  @Column('text')
  name: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;
}
