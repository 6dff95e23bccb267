import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The oidc_pending_logins table. */
@Index('oidc_pending_logins_expires_idx', ['expiresAt'])
@Check('oidc_pending_logins_state_hash_check', '(length(state_hash) = 32)')
@Check(
  'oidc_pending_logins_code_verifier_check',
  '((length(code_verifier) >= 43) AND (length(code_verifier) <= 128))',
)
@Check('oidc_pending_logins_nonce_check', '((length(nonce) >= 16) AND (length(nonce) <= 128))')
@Entity({ name: 'oidc_pending_logins' })
export class OidcPendingLoginEntity {
  @PrimaryColumn('bytea', { name: 'state_hash' })
  stateHash: Buffer;

  @Column('text', { name: 'code_verifier' })
  codeVerifier: string;

  @Column('text')
  nonce: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;
}
