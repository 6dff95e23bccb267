import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { PlatformModule } from '@app/platform';
import { AccountLinksController } from './account-links.controller';
import { AuthController } from './auth.controller';
import { BearerCaller } from './bearer-caller';
import { MfaController } from './mfa.controller';
import { OidcController } from './oidc.controller';
import { PasswordLoginGuard } from './password-login.guard';
import { AdminBootstrapRunner } from './admin-bootstrap.runner';
import { RefusalFlushRunner } from './refusal-flush.runner';
import { SessionCookie } from './session-cookie';
import { PasskeysController } from './webauthn/passkeys.controller';
import { RelyingPartyResolver } from './webauthn/relying-party.resolver';
import { SessionsController } from './sessions.controller';

@Module({
  imports: [PlatformModule, IdentityModule],
  controllers: [AuthController, MfaController, SessionsController, AccountLinksController, PasskeysController, OidcController],
  providers: [PasswordLoginGuard, AdminBootstrapRunner, SessionCookie, RefusalFlushRunner, BearerCaller, RelyingPartyResolver],
})
export class AuthModule {}
