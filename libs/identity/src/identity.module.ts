import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IDENTITY_ENTITIES } from './identity.entities';
import { APP_GUARD } from '@nestjs/core';
import { PlatformModule } from '@app/platform';
import { AccountLinks } from './account-links/account-links';
import { AccountLinksRepository } from './account-links/account-links.repository';
import { InvitationsService } from './account-links/invitations.service';
import { LinkMailQueue } from './account-links/link-mail-queue';
import { LinkTokens } from './account-links/link-tokens';
import { PasswordResetsService } from './account-links/password-resets.service';
import { ResetMailLimit } from './account-links/reset-mail-limit';
import { AccessGuard } from './access/access.guard';
import { AccessTokenAuthenticator } from './access/access-token.authenticator';
import { CredentialsAuthenticator } from './access/credentials.authenticator';
import { OrganizationsRepository } from './accounts/organizations.repository';
import { OrganizationsService } from './accounts/organizations.service';
import { UsersRepository } from './accounts/users.repository';
import { UsersService } from './accounts/users.service';
import { StaffAlerts } from './accounts/staff-alerts';
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
import { fieldCipherProvider } from '@app/platform';
import { LoginThrottle } from './throttling/login-throttle';
import { PasskeyChallengesRepository } from './webauthn/passkey-challenges.repository';
import { PasskeysRepository } from './webauthn/passkeys.repository';
import { PasskeysService } from './webauthn/passkeys.service';

/**
 * Accounts, login sessions, and the global deny-by-default AccessGuard (APP_GUARD). Needs the
 * platform (config, database, Redis, request context) and AuditModule.
 */
@Module({
  imports: [PlatformModule, TypeOrmModule.forFeature(IDENTITY_ENTITIES)],
  providers: [
    AccountLinksRepository,
    AccountLinks,
    LinkTokens,
    LinkMailQueue,
    ResetMailLimit,
    InvitationsService,
    PasswordResetsService,
    PasswordHasher,
    UsersRepository,
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
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
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
    AccountLinks,
    PasskeysService,
    SingleSignOnService,
  ],
})
export class IdentityModule {}
