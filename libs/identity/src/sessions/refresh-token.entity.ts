import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ForeignKey } from '@app/platform';
import { AuthSessionEntity } from './auth-session.entity';

/** The refresh_tokens table. */
@Index('refresh_tokens_session_idx', ['sessionId'])
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn('bytea', { name: 'token_hash' })
  tokenHash: Buffer;

  @Column('uuid', { name: 'session_id' })
  sessionId: string;

  @ManyToOne(() => AuthSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'refresh_tokens_session_id_fkey' })
  readonly session?: ForeignKey<AuthSessionEntity>;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'spent_at', nullable: true })
  spentAt: Date | null;

  @Column('bytea', { name: 'spent_by', nullable: true })
  spentBy: Buffer | null;
}
