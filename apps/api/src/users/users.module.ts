import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { UsersController } from './users.controller';

@Module({
  imports: [IdentityModule],
  controllers: [UsersController],
})
export class UsersModule {}
