import { AccountLinkEntity } from './account-links/account-link.entity';
import { OrganizationEntity } from './accounts/organization.entity';
import { UserEntity } from './accounts/user.entity';
import { RoleGrantEntity } from './grants/role-grant.entity';
import { SupervisorFirstSeenEntity } from './grants/supervisor-first-seen.entity';
import { MfaChallengeEntity } from './mfa/mfa-challenge.entity';
import { MfaRecoveryCodeEntity } from './mfa/mfa-recovery-code.entity';
import { MfaTotpEntity } from './mfa/mfa-totp.entity';
import { AuthSessionEntity } from './sessions/auth-session.entity';
import { RefreshTokenEntity } from './sessions/refresh-token.entity';
import { OidcPendingLoginEntity } from './single-sign-on/oidc-pending-login.entity';
import { UserIdentityEntity } from './single-sign-on/user-identity.entity';
import { WebauthnChallengeEntity } from './webauthn/webauthn-challenge.entity';
import { WebauthnCredentialEntity } from './webauthn/webauthn-credential.entity';

/** The tables this lib owns, one entity each (registered with TypeORM; the schema test compares them). */
export const IDENTITY_ENTITIES = [
  AccountLinkEntity,
  OrganizationEntity,
  UserEntity,
  RoleGrantEntity,
  SupervisorFirstSeenEntity,
  MfaChallengeEntity,
  MfaRecoveryCodeEntity,
  MfaTotpEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  OidcPendingLoginEntity,
  UserIdentityEntity,
  WebauthnChallengeEntity,
  WebauthnCredentialEntity,
];
