import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { configProvider, fieldCipherProvider, PlatformModule } from '@app/platform';
import { InvitationsService } from './account-links/invitations.service';
import { AccountLinkRedemption } from './account-links/link-redemption';
import { LinkMailQueue } from './account-links/link-mail-queue';
import { PasswordResetsService } from './account-links/password-resets.service';
import { ResetMailLimit } from './account-links/reset-mail-limit';
import { AccessGuard } from './access/access.guard';
import { AccessTokenAuthenticator } from './access/access-token.authenticator';
import { CredentialsAuthenticator } from './access/credentials.authenticator';
import { OrganizationsRepository } from './accounts/organizations.repository';
import { OrganizationsService } from './accounts/organizations.service';
import { UsersService } from './accounts/users.service';
import { StaffAlerts } from './accounts/staff-alerts';
import { StaffNotificationsRepository } from './accounts/staff-notifications.repository';
import { AdminBootstrap } from './bootstrap/admin-bootstrap';
import { DemoSeed } from './bootstrap/demo-seed';
import { RoleGrantsRepository } from './grants/role-grants.repository';
import { RoleGrantsService } from './grants/role-grants.service';
import { PasswordHasher } from './passwords/password-hasher';
import { AuthService } from './sessions/auth.service';
import { PasswordChangeService } from './passwords/password-change.service';
import { OwnSessionsService } from './sessions/own-sessions.service';
import { SessionLimits } from './sessions/session-limits';
import { SessionsRepository } from './sessions/sessions.repository';
import { TokenService } from './sessions/token.service';
import { RefusalTally } from './refusals/refusal-tally';
import { LinkedAccountsRepository } from './single-sign-on/linked-accounts.repository';
import { OidcClient } from './single-sign-on/oidc-client';
import { PendingLoginsRepository } from './single-sign-on/pending-logins.repository';
import { SingleSignOnService } from './single-sign-on/single-sign-on.service';
import { AnonymousLimit } from './throttling/anonymous-limit';
import { MfaChallenges } from './mfa/mfa-challenges';
import { MfaChallengesRepository } from './mfa/mfa-challenges.repository';
import { MfaReset } from './mfa/mfa-reset';
import { RecoveryCodesFactor } from './mfa/recovery-codes.factor';
import { RecoveryCodesRepository } from './mfa/recovery-codes.repository';
import { SecondFactors } from './mfa/second-factors';
import { TotpFactor } from './mfa/totp.factor';
import { TotpRepository } from './mfa/totp.repository';
import { LoginThrottle } from './throttling/login-throttle';
import { PasskeyChallengesRepository } from './webauthn/passkey-challenges.repository';
import { PasskeysRepository } from './webauthn/passkeys.repository';
import { PasskeysService } from './webauthn/passkeys.service';
import { UserDirectoryModule } from './user-directory.module';
import { IdentityConfig, identityConfig } from './identity.config';

/**
 * What only the API needs of identity (and the CLI's demo seed, which creates accounts): account
 * administration, login, sessions, second factors, single sign-on, throttles, the first-admin
 * bootstrap and the deny-by-default AccessGuard. It does not install the guard: the API app does
 * (`APP_GUARD` in apps/api/src/api.module.ts), so nothing that imports this module gets a global
 * guard by accident. The worker never imports it: what other features need of identity is in
 * UserDirectoryModule.
 */
@Module({
  imports: [PlatformModule, AuditModule, UserDirectoryModule],
  providers: [
    configProvider(IdentityConfig, identityConfig),
    LinkMailQueue,
    ResetMailLimit,
    AccountLinkRedemption,
    InvitationsService,
    PasswordResetsService,
    PasswordHasher,
    OrganizationsRepository,
    SessionLimits,
    SessionsRepository,
    TokenService,
    LoginThrottle,
    AnonymousLimit,
    RefusalTally,
    AuthService,
    OwnSessionsService,
    PasswordChangeService,
    UsersService,
    StaffAlerts,
    StaffNotificationsRepository,
    RoleGrantsRepository,
    RoleGrantsService,
    OrganizationsService,
    AccessTokenAuthenticator,
    CredentialsAuthenticator,
    AdminBootstrap,
    DemoSeed,
    fieldCipherProvider,
    SecondFactors,
    MfaChallengesRepository,
    MfaChallenges,
    TotpRepository,
    TotpFactor,
    RecoveryCodesRepository,
    RecoveryCodesFactor,
    MfaReset,
    PasskeysRepository,
    PasskeyChallengesRepository,
    PasskeysService,
    OidcClient,
    PendingLoginsRepository,
    LinkedAccountsRepository,
    SingleSignOnService,
    AccessGuard,
  ],
  exports: [
    IdentityConfig,
    AccessGuard,
    RefusalTally,
    AuthService,
    OwnSessionsService,
    PasswordChangeService,
    UsersService,
    RoleGrantsService,
    OrganizationsService,
    CredentialsAuthenticator,
    AdminBootstrap,
    DemoSeed,
    PasswordHasher,
    SecondFactors,
    MfaChallenges,
    TotpFactor,
    RecoveryCodesFactor,
    MfaReset,
    AccessTokenAuthenticator,
    InvitationsService,
    PasswordResetsService,
    PasskeysService,
    SingleSignOnService,
  ],
})
export class IdentityModule {}
