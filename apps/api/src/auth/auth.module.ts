import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { AccountLinksController } from './account-links.controller';
import { AuthController } from './auth.controller';
import { PasswordLoginGuard } from './password-login.guard';
import { AdminBootstrapRunner } from './admin-bootstrap.runner';
import { RefusalFlushRunner } from './refusal-flush.runner';
import { SessionCookie } from './session-cookie';

@Module({
  imports: [IdentityModule],
  controllers: [AuthController, AccountLinksController],
  providers: [PasswordLoginGuard, AdminBootstrapRunner, SessionCookie, RefusalFlushRunner],
})
export class AuthModule {}
