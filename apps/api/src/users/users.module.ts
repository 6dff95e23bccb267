import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { UserMfaController } from './user-mfa.controller';
import { UsersController } from './users.controller';

@Module({
  imports: [IdentityModule],
  controllers: [UsersController, UserMfaController],
})
export class UsersModule {}
