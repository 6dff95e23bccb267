import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { AuthController } from './auth.controller';
import { PasswordLoginGuard } from './password-login.guard';
import { AdminBootstrapRunner } from './admin-bootstrap.runner';
import { RefusalFlushRunner } from './refusal-flush.runner';

@Module({
  imports: [IdentityModule],
  controllers: [AuthController],
  providers: [PasswordLoginGuard, AdminBootstrapRunner, RefusalFlushRunner],
})
export class AuthModule {}
